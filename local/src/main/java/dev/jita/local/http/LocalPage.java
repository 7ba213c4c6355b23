package dev.jita.local.http;

import dev.jita.http.ApiRequest;
import dev.jita.http.HttpResponse;
import java.util.Set;

/**
 * A page of jita local itself (not part of jita's API): the outbox, the IAM stand-in, the requests. Served at one
 * exact path, linked from the index page when it has a title.
 */
public interface LocalPage {

    /** The exact path, e.g. {@code /local/outbox}. */
    String path();

    /** The link text on the index page; empty to leave the page off the index. */
    String title();

    /** One line for the index page under the link. */
    default String summary() {
        return "";
    }

    /** The methods served; HEAD is answered like GET without the body. */
    default Set<String> methods() {
        return Set.of("GET", "HEAD");
    }

    HttpResponse render(ApiRequest request);
}
