import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The floor of a picocli command: parse one option and print one line. */
@Command(name = "pico-hello", mixinStandardHelpOptions = true)
public final class PicoHello implements Runnable {
  @Option(names = "--name")
  String name = "world";

  @Override
  public void run() {
    System.out.println("hello " + name);
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new PicoHello()).execute(args));
  }
}
