package io.tokenvault.notices.boundary;

import io.tokenvault.notices.control.Notice;
import java.time.Instant;

/**
 * A notice as the API shows it. {@code affectedConnections} is the API path that lists the connections it concerns.
 */
public record NoticeView(String id, String kind, String app, String summary, String detail, int affected,
        String affectedConnections, Instant createdAt, Instant acknowledgedAt, String acknowledgedBy) {

    static NoticeView of(Notice n, String appKey) {
        return new NoticeView(n.id(), n.kind().name().toLowerCase(), appKey, n.summary(), n.detail(), n.affected(),
                n.affectedQuery() == null ? null : "/api/v1/" + n.affectedQuery(), n.createdAt(), n.acknowledgedAt(),
                n.acknowledgedBy());
    }
}
