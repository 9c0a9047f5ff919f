package dev.gingham.bgp;

/** A call reached a speaker that is closed. */
public final class SpeakerClosedException extends BgpException {
  /** With the speaker's description. */
  public SpeakerClosedException(String speaker) {
    super("BGP speaker " + speaker + " is closed");
  }
}
