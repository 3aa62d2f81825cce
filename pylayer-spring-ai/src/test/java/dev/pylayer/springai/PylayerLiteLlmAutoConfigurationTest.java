package dev.pylayer.springai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pylayer.runtime.FakeOpenAiServer;
import dev.pylayer.runtime.LiteLlmClient;
import dev.pylayer.runtime.LiteLlmSetup;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The Boot auto-configuration: properties to beans, one worker per context, closed with it. */
class PylayerLiteLlmAutoConfigurationTest {
  private static FakeOpenAiServer server;

  @BeforeAll
  static void start() throws Exception {
    server = new FakeOpenAiServer();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static ApplicationContextRunner runner() {
    return new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(PylayerLiteLlmAutoConfiguration.class))
        .withPropertyValues(
            "pylayer.litellm.python=" + LiteLlmSetup.hostPython().executable(),
            "pylayer.litellm.environment.PYTHONPATH=" + LiteLlmSetup.litellmDir(),
            "pylayer.litellm.start-timeout=120s",
            "pylayer.litellm.parameters.api_base=" + server.apiBase(),
            "pylayer.litellm.parameters.api_key=sk-test-boot-0000",
            "pylayer.litellm.parameters.max_retries=0");
  }

  @Test
  void propertiesMakeWorkingModelsOverOneWorkerThatClosesWithTheContext() {
    AtomicLong pid = new AtomicLong();
    runner().withPropertyValues("pylayer.litellm.model=openai/echo", "pylayer.litellm.embedding-model=openai/text-embedding-3-small")
        .run(context -> {
          assertThat(context).hasSingleBean(ChatModel.class).hasSingleBean(EmbeddingModel.class).hasSingleBean(LiteLlmClient.class);
          LiteLlmClient client = context.getBean(LiteLlmClient.class);
          // Started with the context (start-eagerly defaults to true).
          assertThat(client.workerInfo()).isNotNull();
          pid.set(client.workerInfo().pid());

          String answer = ChatClient.create(context.getBean(ChatModel.class)).prompt("boot hello").call().content();
          float[] vector = context.getBean(EmbeddingModel.class).embed("abcd");

          assertThat(answer).isEqualTo("echo: boot hello");
          assertThat(vector).containsExactly(4f, 0f, 0.5f);
          // LiteLLM parameters from properties reach the provider call (api_key as the bearer token).
          assertThat(server.requestMentioning("boot hello").headers.get("authorization")).isEqualTo("Bearer sk-test-boot-0000");
          assertThat(client.workersStarted()).isEqualTo(1);
        });
    // The context closed: so did the client, and its worker process is gone.
    assertThat(ProcessHandle.of(pid.get()).map(ProcessHandle::isAlive).orElse(false))
        .as("worker pid %s after the context closed", pid.get()).isFalse();
  }

  @Test
  void noEmbeddingModelWithoutItsProperty() {
    runner().withPropertyValues("pylayer.litellm.model=openai/echo", "pylayer.litellm.start-eagerly=false")
        .run(context -> {
          assertThat(context).hasSingleBean(ChatModel.class).doesNotHaveBean(EmbeddingModel.class);
          assertThat(context.getBean(LiteLlmClient.class).workerInfo()).as("not started before the first call").isNull();
        });
  }

  @Test
  void anApplicationsOwnClientWins() {
    try (LiteLlmClient own = LiteLlmClient.create(LiteLlmSetup.options(false).defaultTimeout(Duration.ofSeconds(30)).build())) {
      runner().withBean(dev.pylayer.runtime.ChatClient.class, () -> own)
          .withPropertyValues("pylayer.litellm.model=openai/echo")
          .run(context -> {
            assertThat(context.getBean(dev.pylayer.runtime.ChatClient.class)).isSameAs(own);
            assertThat(context).doesNotHaveBean("pylayerLiteLlmClient");
            assertThat(ChatClient.create(context.getBean(ChatModel.class)).prompt("own client").call().content())
                .isEqualTo("echo: own client");
          });
    }
  }
}
