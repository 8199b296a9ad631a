package io.tokenvault.simulator;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A deliberately small HTTP/1.1 server: one request per connection ({@code Connection: close}),
 * served by a fixed pool of worker threads.
 *
 * <p>It exists instead of {@code com.sun.net.httpserver.HttpServer} because the JDK server
 * overwrites the {@code Date} response header with the JVM's wall clock on every response, and
 * the simulator must send its own (simulated, possibly skewed) provider clock there. It also lets
 * the simulator drop a connection without any answer.
 */
final class Http11Server implements AutoCloseable {

    /** Handles one parsed request; must answer or disconnect the call. */
    interface Handler {
        void handle(HttpCall call) throws IOException;
    }

    private static final Logger LOG = Logger.getLogger(Http11Server.class.getName());
    private static final int BACKLOG = 2048;
    private static final int READ_TIMEOUT_MILLIS = 15_000;

    private final ServerSocket serverSocket;
    private final ExecutorService workers;
    private final Thread acceptor;
    private final Handler handler;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    Http11Server(InetAddress bindAddress, int port, int threads, Handler handler) throws IOException {
        this.handler = handler;
        this.serverSocket = new ServerSocket();
        serverSocket.setReuseAddress(true);
        serverSocket.bind(new InetSocketAddress(bindAddress, port), BACKLOG);
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "provider-simulator-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.acceptor = new Thread(this::acceptLoop, "provider-simulator-acceptor");
        acceptor.setDaemon(true);
    }

    /** Starts accepting connections; the handler must be ready. */
    void start() {
        acceptor.start();
    }

    int port() {
        return serverSocket.getLocalPort();
    }

    InetAddress address() {
        return serverSocket.getInetAddress();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.log(Level.WARNING, "accept failed", e);
                }
                continue;
            }
            open.add(socket);
            try {
                workers.execute(() -> serve(socket));
            } catch (RejectedExecutionException e) {
                closeQuietly(socket);
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            socket.setTcpNoDelay(true);
            HttpCall call = HttpCall.read(socket);
            if (call == null) {
                return;
            }
            try {
                handler.handle(call);
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "simulator handler failed for " + call.method() + " " + call.path(), e);
                if (!call.answered()) {
                    call.respond(500, "text/plain", "simulator error: " + e);
                }
            }
            if (!call.answered()) {
                call.disconnect();
            }
        } catch (HttpCall.BadRequest e) {
            writeBadRequest(socket, e.getMessage());
        } catch (SocketException e) {
            // the client went away (timeouts on its side, or a deliberate disconnect); nothing to answer
        } catch (IOException e) {
            if (!closed) {
                LOG.log(Level.FINE, "connection failed", e);
            }
        } finally {
            open.remove(socket);
        }
    }

    private static void writeBadRequest(Socket socket, String message) {
        try {
            HttpCall.writeRaw(socket, 400, "text/plain", message);
        } catch (IOException ignored) {
            // the connection is being dropped anyway
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a socket we are abandoning
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            serverSocket.close();
        } catch (IOException ignored) {
            // already closed
        }
        workers.shutdownNow();
        open.forEach(Http11Server::closeQuietly);
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
            acceptor.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
