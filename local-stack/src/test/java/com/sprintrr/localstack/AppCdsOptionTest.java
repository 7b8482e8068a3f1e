package com.sprintrr.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A service gets the AppCDS option exactly when the build left an archive next to its jar. */
class AppCdsOptionTest {

    @Test
    void noArchiveNoOption(@TempDir Path app) throws Exception {
        Path jar = Files.createFile(app.resolve("quarkus-run.jar"));
        assertTrue(LocalStack.appCdsOption(jar).isEmpty());
    }

    @Test
    void archiveNextToTheJarIsUsed(@TempDir Path app) throws Exception {
        Path jar = Files.createFile(app.resolve("quarkus-run.jar"));
        Path archive = Files.createFile(app.resolve("app-cds.jsa"));
        assertEquals(Optional.of("-XX:SharedArchiveFile=" + archive), LocalStack.appCdsOption(jar));
    }
}
