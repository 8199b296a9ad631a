package io.tokenvault.bench.raw;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * {@code POST /bench/raw/passes?tenant=T&batch=500&pass=1}: one {@link RawPass} inside the server under test, on the
 * product's own datasource, outside any transaction. On H2 the database engine lives in the server's JVM, so this is
 * the baseline that shares the job's heap, collector, JIT and cores; the standalone tool runs H2 in a JVM of its own.
 * Answers the pass's report lines as text. Deployed only by the benchmark (bench.war), never with the product.
 */
@Path("passes")
@RequestScoped
public class RawPassResource {

    @Resource(lookup = "java:jboss/datasources/TokenvaultDS")
    DataSource dataSource;

    @POST
    @Produces(MediaType.TEXT_PLAIN)
    public String pass(@QueryParam("tenant") String tenant, @QueryParam("batch") Integer batch,
            @QueryParam("pass") Integer pass) throws SQLException {
        if (tenant == null || tenant.isBlank()) {
            throw new jakarta.ws.rs.BadRequestException("tenant is required");
        }
        try (Connection c = dataSource.getConnection()) {
            return RawPass.run(c, tenant, batch == null ? 500 : batch, pass == null ? 1 : pass)
                    .report("raw in the server");
        }
    }
}
