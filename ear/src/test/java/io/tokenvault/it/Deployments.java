package io.tokenvault.it;

import java.io.File;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;

/** The EAR exactly as the build produced it: the tests deploy what operators deploy. */
public final class Deployments {

    private Deployments() {
    }

    public static EnterpriseArchive productEar() {
        File ear = new File(System.getProperty("tokenvault.it.ear", "target/tokenvault.ear"));
        if (!ear.isFile()) {
            throw new IllegalStateException("Build the EAR first (mvn package): " + ear.getAbsolutePath());
        }
        return ShrinkWrap.createFromZipFile(EnterpriseArchive.class, ear);
    }
}
