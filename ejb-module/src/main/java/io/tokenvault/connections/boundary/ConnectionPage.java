package io.tokenvault.connections.boundary;

import java.util.List;

/** One page of a connection listing. */
public record ConnectionPage(List<ConnectionView> items, int page, int size, long total) {
}
