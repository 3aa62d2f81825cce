package dev.pylayer.springai;

import dev.pylayer.runtime.LiteLlmClient;
import dev.pylayer.runtime.PythonRuntime;
import java.nio.file.Path;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Spring Boot auto-configuration: one pylayer {@link LiteLlmClient} (one Python worker) per
 * application context, closed with the context, and a {@link LiteLlmChatModel} and, when {@code
 * pylayer.litellm.embedding-model} is set, a {@link LiteLlmEmbeddingModel} over it. Each bean steps
 * aside when the application defines its own.
 */
@AutoConfiguration
@ConditionalOnClass({LiteLlmClient.class, ChatModel.class})
@EnableConfigurationProperties(PylayerLiteLlmProperties.class)
public class PylayerLiteLlmAutoConfiguration {

  /** The worker; {@code close} stops it when the context closes. */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean(dev.pylayer.runtime.ChatClient.class)
  public LiteLlmClient pylayerLiteLlmClient(PylayerLiteLlmProperties properties) {
    LiteLlmClient.Options.Builder options = LiteLlmClient.Options.builder();
    if (properties.getPython() != null && !properties.getPython().isBlank()) {
      options.runtime(PythonRuntime.of(Path.of(properties.getPython())));
    }
    options.environment(properties.getEnvironment());
    if (properties.getTimeout() != null) {
      options.defaultTimeout(properties.getTimeout());
    }
    if (properties.getStartTimeout() != null) {
      options.startTimeout(properties.getStartTimeout());
    }
    LiteLlmClient client = LiteLlmClient.create(options.build());
    if (properties.isStartEagerly()) {
      try {
        client.start();
      } catch (RuntimeException e) {
        client.close();
        throw e;
      }
    }
    return client;
  }

  @Bean
  @ConditionalOnMissingBean(ChatModel.class)
  public LiteLlmChatModel liteLlmChatModel(dev.pylayer.runtime.ChatClient client, PylayerLiteLlmProperties properties) {
    return LiteLlmChatModel.builder()
        .client(client)
        .defaultOptions(LiteLlmChatOptions.builder().model(properties.getModel())
            .litellmParameters(properties.typedParameters()).build())
        .timeout(properties.getTimeout())
        .build();
  }

  @Bean
  @ConditionalOnMissingBean(EmbeddingModel.class)
  @ConditionalOnProperty(prefix = "pylayer.litellm", name = "embedding-model")
  public LiteLlmEmbeddingModel liteLlmEmbeddingModel(dev.pylayer.runtime.ChatClient client, PylayerLiteLlmProperties properties) {
    return LiteLlmEmbeddingModel.builder()
        .client(client)
        .model(properties.getEmbeddingModel())
        .litellmParameters(properties.typedParameters())
        .timeout(properties.getTimeout())
        .build();
  }
}
