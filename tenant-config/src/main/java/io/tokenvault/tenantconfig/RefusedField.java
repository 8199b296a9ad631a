package io.tokenvault.tenantconfig;

import org.xml.sax.SAXException;

/** Thrown from inside a parse to refuse a document with a precise problem; the codec reports {@link #problem}. */
final class RefusedField extends SAXException {

    private static final long serialVersionUID = 1L;

    final transient Problem problem;

    RefusedField(Problem problem) {
        super(problem.toString());
        this.problem = problem;
    }
}
