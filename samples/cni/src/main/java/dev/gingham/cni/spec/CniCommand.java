package dev.gingham.cni.spec;

import java.util.EnumSet;
import java.util.Set;

/** The commands of CNI 1.1, with the environment variables each requires, as libcni's skel. */
public enum CniCommand {
  /** Attach a container to the network. */
  ADD(EnumSet.of(Variable.CONTAINER_ID, Variable.NETNS, Variable.IFNAME, Variable.PATH)),
  /** Detach it; idempotent. CNI_NETNS may be empty. */
  DEL(EnumSet.of(Variable.CONTAINER_ID, Variable.IFNAME, Variable.PATH)),
  /** Check an attachment against prevResult. */
  CHECK(EnumSet.of(Variable.CONTAINER_ID, Variable.NETNS, Variable.IFNAME, Variable.PATH)),
  /** Whether the plugin can serve ADDs. */
  STATUS(EnumSet.of(Variable.PATH)),
  /** Release what no valid attachment holds. */
  GC(EnumSet.of(Variable.PATH)),
  /** Report the versions spoken. */
  VERSION(EnumSet.noneOf(Variable.class));

  /** The environment variables of the protocol. */
  public enum Variable {
    COMMAND("CNI_COMMAND"),
    CONTAINER_ID("CNI_CONTAINERID"),
    NETNS("CNI_NETNS"),
    IFNAME("CNI_IFNAME"),
    ARGS("CNI_ARGS"),
    PATH("CNI_PATH");

    private final String envName;

    Variable(String envName) {
      this.envName = envName;
    }

    /** The variable's name, such as {@code CNI_IFNAME}. */
    public String envName() {
      return envName;
    }
  }

  private final Set<Variable> required;

  CniCommand(Set<Variable> required) {
    this.required = required;
  }

  /** The variables this command requires to be set and non-empty. */
  public Set<Variable> required() {
    return required;
  }
}
