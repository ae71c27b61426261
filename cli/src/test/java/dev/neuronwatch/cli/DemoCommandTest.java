package dev.neuronwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What {@code demo} leaves a newcomer: the address of the page, printed before the scenarios run,
 * and a server that still serves that page, with the demo's run, once they are done. Runs the real
 * command in a child JVM on a free port (it waits for Ctrl-C, so the test ends it).
 */
class DemoCommandTest {
  private static final Pattern PAGE =
      Pattern.compile("Watch the runs live in a browser: (http://127\\.0\\.0\\.1:\\d+/)");

  @Test
  void printsTheAddressOfThePageAndLeavesItServed() throws Exception {
    Process demo =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                NeuronwatchCli.class.getName(),
                "demo",
                "--scenarios",
                "healthy",
                "--port",
                "0")
            .redirectErrorStream(true)
            .start();
    // A demo that never gets to its address is ended, so the read below sees the end of its output.
    CompletableFuture.delayedExecutor(3, TimeUnit.MINUTES).execute(demo::destroyForcibly);
    try {
      List<String> lines = outputUntilTheServerStaysUp(demo);
      String page =
          lines.stream()
              .map(PAGE::matcher)
              .filter(Matcher::find)
              .map(m -> m.group(1))
              .findFirst()
              .orElse(null);
      assertThat(page).as(String.join("\n", lines)).isNotNull();
      assertThat(lines).anySatisfy(line -> assertThat(line).contains("the page " + page));

      HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      HttpResponse<String> html = client.send(get(page), HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> runs =
          client.send(get(page + "api/v1/runs"), HttpResponse.BodyHandlers.ofString());

      assertThat(html.statusCode()).isEqualTo(200);
      assertThat(html.body()).contains("<title>Neuronwatch</title>");
      assertThat(runs.body()).contains("\"run\":\"demo-healthy\"");
    } finally {
      demo.destroy();
      if (!demo.waitFor(10, TimeUnit.SECONDS)) {
        demo.destroyForcibly();
      }
    }
  }

  /** The demo's output up to the line saying the server stays up, or to its end. */
  private static List<String> outputUntilTheServerStaysUp(Process demo) throws Exception {
    List<String> lines = new ArrayList<>();
    // Not closed: closing the pipe would leave the still running demo writing into nothing.
    BufferedReader out =
        new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8));
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      lines.add(line);
      if (line.startsWith("The server stays up")) {
        break;
      }
    }
    return lines;
  }

  private static HttpRequest get(String uri) {
    return HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(10)).build();
  }
}
