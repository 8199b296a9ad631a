package io.tokenvault.platform.boundary;

import jakarta.faces.application.ViewHandler;
import jakarta.faces.application.ViewHandlerWrapper;
import jakarta.faces.component.UIViewParameter;
import jakarta.faces.component.UIViewRoot;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewMetadata;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * A page's forms post back to the page's own bookmarkable URL, with its view parameters ({@code ?app=crm}), so that a
 * request-scoped backing bean gets the same parameters on the POST as on the GET that showed the form (Faces would
 * post to the bare view id and the parameters would be lost). The parameters only say which page it is; who may act
 * on what is decided from the logged-in user, never from them.
 */
public class FormActionsKeepViewParameters extends ViewHandlerWrapper {

    public FormActionsKeepViewParameters(ViewHandler wrapped) {
        super(wrapped);
    }

    @Override
    public String getActionURL(FacesContext context, String viewId) {
        String url = super.getActionURL(context, viewId);
        UIViewRoot root = context.getViewRoot();
        if (root == null || !viewId.equals(root.getViewId())) {
            return url;
        }
        StringBuilder query = new StringBuilder();
        for (UIViewParameter parameter : ViewMetadata.getViewParameters(root)) {
            String value = parameter.getStringValue(context);
            if (value != null && !value.isEmpty()) {
                query.append(query.length() == 0 && !url.contains("?") ? '?' : '&')
                        .append(URLEncoder.encode(parameter.getName(), StandardCharsets.UTF_8)).append('=')
                        .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        }
        return url + query;
    }
}
