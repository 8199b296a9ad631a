package io.tokenvault.platform.control;

/** This server among the nodes of a cluster. */
public final class Nodes {

    private Nodes() {
    }

    /** WildFly's {@code jboss.node.name} (the host name unless set). */
    public static String name() {
        return System.getProperty("jboss.node.name", "node");
    }
}
