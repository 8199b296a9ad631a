package io.tokenvault.notices.control;

/** CDI event fired after a notice is stored (observers: webhooks, metrics). */
public record NoticePosted(Notice notice) {
}
