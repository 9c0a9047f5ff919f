package dev.gingham.dataplane.linux;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;

/** The server side of the kernel tests' bounded TCP echo. */
public final class TcpEcho {
  private TcpEcho() {}

  /**
   * Accepts one connection and echoes what it reads until the client closes, each read bounded to
   * five seconds; then returns. Meant for a test's own daemon thread.
   */
  public static void serveOnce(ServerSocket server) {
    try (Socket s = server.accept()) {
      s.setSoTimeout(5_000);
      byte[] buf = new byte[256];
      int n;
      while ((n = s.getInputStream().read(buf)) > 0) {
        s.getOutputStream().write(buf, 0, n);
      }
    } catch (IOException e) {
      // the client closed, or the test ended: the echo ends with it
    }
  }
}
