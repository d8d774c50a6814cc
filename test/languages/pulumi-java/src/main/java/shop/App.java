/* A Pulumi program in Java: a GitlabRegistrySecret from regcred's generated SDK, its token from secret config. */
package shop;

import com.pulumi.Pulumi;
import com.pulumi.regcred.GitlabRegistrySecret;
import com.pulumi.regcred.GitlabRegistrySecretArgs;

public final class App {
    public static void main(String[] args) {
        Pulumi.run(ctx -> {
            var gitlab = new GitlabRegistrySecret("gitlab-pull", GitlabRegistrySecretArgs.builder()
                .username("gitlab+deploy-token-1234567")
                .token(ctx.config().requireSecret("gitlabDeployToken"))
                .namespaces("shop")
                .build());
            ctx.export("secretName", gitlab.secretName());
        });
    }
}
