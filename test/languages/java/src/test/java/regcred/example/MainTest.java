package regcred.example;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.regcred.cdk8s.GitlabRegistrySecret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.cdk8s.App;
import org.cdk8s.Chart;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Java app against the TypeScript one (REGCRED_TS_OUT), checked by the regcred CLI (REGCRED_CLI). */
class MainTest {
  @TempDir static Path out;
  static final List<String> FILES = List.of("external.k8s.yaml", "sealed.k8s.yaml", "shop.k8s.yaml");

  @BeforeAll
  static void synth() throws IOException {
    Main.synth(out, System.getenv("GITLAB_TOKEN"), Path.of(System.getenv("SEAL_CERT")));
  }

  @Test
  void synthWritesTheBytesTheTypescriptAppWrites() throws IOException {
    Path typescript = Path.of(System.getenv("REGCRED_TS_OUT"));
    try (Stream<Path> written = Files.list(out)) {
      assertEquals(FILES, written.map(p -> p.getFileName().toString()).sorted().toList());
    }
    for (String name : FILES) {
      assertArrayEquals(Files.readAllBytes(typescript.resolve(name)), Files.readAllBytes(out.resolve(name)), name);
    }
  }

  @Test
  void regcredCheckFindsNothingWrong() throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(System.getenv("REGCRED_CLI").split(" ")));
    command.add("check");
    for (String name : FILES) command.add(out.resolve(name).toString());
    Process check = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, check.waitFor(), output);
    assertTrue(output.contains("0 errors, 0 warnings"), output);
  }

  @ParameterizedTest
  @CsvSource({
    "'', registry.gitlab.com, 'token', is empty",
    "glcbt-64_SecretJobToken000001, registry.gitlab.com, 'token', a GitLab CI/CD job token",
    "gldt-Fine00000001, registry.gitlab.com/v2, 'registry', ends in \"/v2\"",
  })
  void badCredentialsThrowWithRegcredsMessageAndNoToken(String token, String registry, String field, String rule) {
    Chart chart = new Chart(new App(), "apps");
    RuntimeException refused = assertThrows(RuntimeException.class, () ->
        GitlabRegistrySecret.Builder.create(chart, "Bad")
            .username("gitlab+deploy-token-7").token(token).registry(registry).build());
    String message = refused.getMessage();
    assertTrue(message.contains("[apps/Bad]") && message.contains(field) && message.contains(rule), message);
    assertFalse(message.contains("glcbt-64_SecretJobToken000001"), message);
  }
}
