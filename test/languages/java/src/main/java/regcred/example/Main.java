package regcred.example;

import io.regcred.ExternalCredentials;
import io.regcred.SealOptions;
import io.regcred.SecretStoreKind;
import io.regcred.SecretStoreRef;
import io.regcred.StoreCredentialsProps;
import io.regcred.cdk8s.ExternalRegistrySecret;
import io.regcred.cdk8s.GitlabRegistrySecret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cdk8s.ApiObjectMetadata;
import org.cdk8s.App;
import org.cdk8s.AppProps;
import org.cdk8s.Chart;
import org.cdk8s.ChartProps;
import org.cdk8s.Include;
import org.cdk8s.plus32.ContainerProps;
import org.cdk8s.plus32.Deployment;

/**
 * The reference cdk8s app in Java, as cdk8s apps are written in Java: the charts of
 * test/languages/app.ts, synthesized into the directory given as the first argument
 * (GITLAB_TOKEN, SEAL_CERT: a token and a PEM file).
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws IOException {
    synth(Path.of(args[0]), System.getenv().getOrDefault("GITLAB_TOKEN", ""), Path.of(System.getenv("SEAL_CERT")));
  }

  static void synth(Path outdir, String token, Path sealCert) throws IOException {
    App app = new App(AppProps.builder().outdir(outdir.toString()).build());

    Chart shop = new Chart(app, "shop");
    GitlabRegistrySecret.Builder.create(shop, "GitlabPull")
        .username("gitlab+deploy-token-7").token(token).name("gitlab-pull").build();
    for (String namespace : List.of("shop", "batch")) {
      Deployment.Builder.create(shop, "web-" + namespace)
          .metadata(ApiObjectMetadata.builder().namespace(namespace).build())
          .containers(List.of(ContainerProps.builder().image("registry.gitlab.com/acme/web:1.0").portNumber(8080).build()))
          .build();
    }
    Include.Builder.create(shop, "Vendor").url(Path.of("..", "vendor.yaml").toAbsolutePath().normalize().toString()).build();

    Chart sealed = new Chart(app, "sealed", ChartProps.builder().namespace("shop").build());
    GitlabRegistrySecret.Builder.create(sealed, "GitlabPull")
        .username("gitlab+deploy-token-7").token(token).name("gitlab-pull")
        .seal(SealOptions.builder().certificate(Files.readString(sealCert)).build())
        .build();
    Deployment.Builder.create(sealed, "api")
        .containers(List.of(ContainerProps.builder().image("registry.gitlab.com/acme/api:3.2").portNumber(8080).build()))
        .build();

    Chart external = new Chart(app, "external", ChartProps.builder().namespace("batch").build());
    ExternalRegistrySecret.Builder.create(external, "GitlabPull")
        .name("gitlab-pull")
        .credentials(ExternalCredentials.fromStore(StoreCredentialsProps.builder()
            .registry("registry.gitlab.com")
            .store(SecretStoreRef.builder().name("vault").kind(SecretStoreKind.CLUSTER_SECRET_STORE).build())
            .key("gitlab/deploy-token")
            .username("gitlab+deploy-token-7")
            .passwordProperty("token")
            .build()))
        .build();
    Deployment.Builder.create(external, "worker")
        .containers(List.of(ContainerProps.builder().image("registry.gitlab.com/acme/worker:1.4").portNumber(8080).build()))
        .build();

    app.synth();
  }
}
