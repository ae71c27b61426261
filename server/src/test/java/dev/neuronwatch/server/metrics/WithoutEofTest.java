package dev.neuronwatch.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WithoutEofTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final WithoutEof stream = new WithoutEof(out);

  private String written() {
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void dropsTheTrailingEofLineWrittenInOneBlock() throws IOException {
    stream.write("# TYPE a gauge\na 1.0\n# EOF\n".getBytes(StandardCharsets.UTF_8));
    stream.finish();

    assertThat(written()).isEqualTo("# TYPE a gauge\na 1.0\n");
  }

  @Test
  void dropsItWrittenByteByByteOrSplitAcrossBlocks() throws IOException {
    for (byte b : "a 1.0\n# E".getBytes(StandardCharsets.UTF_8)) {
      stream.write(b);
    }
    stream.write("OF\n".getBytes(StandardCharsets.UTF_8));
    stream.finish();

    assertThat(written()).isEqualTo("a 1.0\n");
  }

  @Test
  void keepsATailThatIsNotTheEofLine() throws IOException {
    stream.write("a 1.0\nb 2.0\n".getBytes(StandardCharsets.UTF_8));
    stream.write('x');
    stream.finish();

    assertThat(written()).isEqualTo("a 1.0\nb 2.0\nx");
  }

  @Test
  void aPageWithNothingButEofWritesNothing() throws IOException {
    stream.write("# EOF\n".getBytes(StandardCharsets.UTF_8));
    stream.finish();

    assertThat(written()).isEmpty();
  }
}
