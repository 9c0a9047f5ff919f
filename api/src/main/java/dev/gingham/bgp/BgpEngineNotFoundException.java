package dev.gingham.bgp;

/** {@link BgpSpeaker#builder()} found no {@link BgpSpeakerFactory}: gingham-core is missing. */
public final class BgpEngineNotFoundException extends BgpException {
  /** With a message that says what to add. */
  public BgpEngineNotFoundException() {
    super(
        "no BGP engine found: add gingham-core to the class or module path (it provides "
            + BgpSpeakerFactory.class.getName()
            + ")");
  }
}
