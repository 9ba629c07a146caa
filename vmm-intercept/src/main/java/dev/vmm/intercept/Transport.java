package dev.vmm.intercept;

/** The transport a flow arrived on. */
public enum Transport {
  /** A TCP connection: one flow per accepted connection. */
  TCP,
  /** UDP datagrams: one flow per remote address on a listening channel. */
  UDP
}
