package regcred.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java examples of docs/languages.md, as printed: found by name, as test/docs/blocks.ts finds them. */
class DocExamplesTest {
  static final Path GUIDE = Path.of("../../../docs/languages.md");

  /** docExample("NAME"): the one block of the guide whose info string says example=NAME. */
  static String docExample(String name) throws IOException {
    Matcher m = Pattern.compile("(?ms)^```\\w+ example=" + Pattern.quote(name) + "\\n(.*?)^```$")
        .matcher(Files.readString(GUIDE, StandardCharsets.UTF_8));
    assertTrue(m.find(), "example=" + name + " in " + GUIDE);
    return m.group(1);
  }

  @Test
  void theGuidesAppCompilesAndSynthesizesTheWiredDeployment(@TempDir Path dir) throws Exception {
    Path source = dir.resolve("Main.java");
    Files.writeString(source, docExample("java-app"));
    String classpath = System.getProperty("java.class.path");
    int compiled = ToolProvider.getSystemJavaCompiler()
        .run(null, null, null, "-d", dir.toString(), "-cp", classpath, source.toString());
    assertEquals(0, compiled);
    ProcessBuilder run = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", dir + java.io.File.pathSeparator + classpath, "Main")
        .directory(dir.toFile()).redirectErrorStream(true);
    run.environment().put("GITLAB_DEPLOY_TOKEN", "gldt-JavaDocExample0001");
    Process app = run.start();
    String output = new String(app.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, app.waitFor(), output);
    String yaml = Files.readString(dir.resolve("dist/shop.k8s.yaml"));
    assertTrue(yaml.contains("type: kubernetes.io/dockerconfigjson"), yaml);
    assertTrue(Pattern.compile("imagePullSecrets:\\n\\s+- name: shop-gitlabpull-\\w+").matcher(yaml).find(), yaml);

    run.environment().remove("GITLAB_DEPLOY_TOKEN");
    Process refused = run.start();
    String error = new String(refused.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(refused.waitFor() != 0 && error.contains("[shop/GitlabPull] 'token' is empty"), error);
  }

  @Test
  void theGuidesDependencyIsTheArtifactThisBuildMakes() throws IOException {
    String pom = docExample("java-pom");
    Matcher declared = Pattern.compile("\"version\": \"([^\"]+)\"").matcher(Files.readString(Path.of("../../../package.json")));
    assertTrue(declared.find());
    String version = declared.group(1);
    List<String> coordinates = new ArrayList<>();
    for (String tag : List.of("groupId", "artifactId", "version")) {
      Matcher m = Pattern.compile("<" + tag + ">([^<]+)</" + tag + ">").matcher(pom);
      assertTrue(m.find(), tag);
      coordinates.add(m.group(1));
    }
    assertEquals(List.of("io.regcred", "regcred", version), coordinates);
    assertTrue(pom.contains("<url>file:///path/to/regcred/dist/java</url>"), pom);
  }
}
