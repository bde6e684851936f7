package dev.lifeline.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * Lifeline's version: the jar manifest's {@code Implementation-Version}, or, when the classes do not come from the
 * jar (tests, an IDE), the {@code version.properties} Maven filtered. picocli asks for it while it registers every
 * subcommand, not only for {@code --version}, so the common case must not open a resource. Stateless.
 */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() throws IOException {
    String version = VersionProvider.class.getPackage().getImplementationVersion();
    if (version == null) {
      Properties p = new Properties();
      try (InputStream in = VersionProvider.class.getResourceAsStream("version.properties")) {
        if (in != null) {
          p.load(in);
        }
      }
      version = p.getProperty("version", "(unknown version)");
    }
    return new String[] {"lifeline " + version,
        "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
  }
}
