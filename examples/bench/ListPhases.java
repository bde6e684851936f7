import dev.lifeline.cli.LifelineCommand;
import dev.lifeline.sqlite.SqliteJobStore;
import dev.lifeline.spi.JobQuery;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.Set;

/**
 * Where the start-up of `lifeline list` goes, phase by phase, in one fresh JVM (run with the launcher's flags and
 * archive): the picocli model, opening the store, the first query, then the whole command once more, warm.
 */
public final class ListPhases {
  public static void main(String[] args) {
    String db = args[0];
    long t0 = System.nanoTime();
    var cl = LifelineCommand.commandLine(new LifelineCommand(), new String[] {"--db", db, "list"});
    long t1 = System.nanoTime();
    SqliteJobStore store = SqliteJobStore.builder(Path.of(db)).migrate(false).build();
    long t2 = System.nanoTime();
    int n = store.list(new JobQuery(Set.of(), 100)).size();
    long t3 = System.nanoTime();
    store.close();
    cl.setOut(new PrintWriter(Writer.nullWriter()));
    cl.setErr(new PrintWriter(Writer.nullWriter()));
    cl.execute("--db", db, "list");
    long t4 = System.nanoTime();
    var again = LifelineCommand.commandLine(new LifelineCommand(), new String[] {"--db", db, "list"});
    again.setOut(new PrintWriter(Writer.nullWriter()));
    again.setErr(new PrintWriter(Writer.nullWriter()));
    again.execute("--db", db, "list");
    long t5 = System.nanoTime();
    System.out.printf("picocli model %d ms, open store %d ms, first query (%d rows) %d ms, rest of the first "
        + "`list` %d ms, a second whole `list` in the same JVM %d ms%n", ms(t1 - t0), ms(t2 - t1), n, ms(t3 - t2),
        ms(t4 - t3), ms(t5 - t4));
  }

  private static long ms(long nanos) {
    return nanos / 1_000_000;
  }
}
