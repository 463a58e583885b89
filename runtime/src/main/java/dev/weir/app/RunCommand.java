package dev.weir.app;

import dev.weir.flow.Durability;
import dev.weir.flow.ErrorBudget;
import dev.weir.flow.FlowBuilder;
import dev.weir.flow.FlowDefinition;
import dev.weir.flow.FlowHandle;
import dev.weir.server.FlowServer;
import dev.weir.flow.FlowResult;
import dev.weir.flow.FlowSettings;
import dev.weir.flow.FlowState;
import dev.weir.flow.Journals;
import dev.weir.flow.ReplaySinks;
import dev.weir.config.DurationText;
import dev.weir.flow.StageResult;
import dev.weir.engine.BuilderAccess;
import dev.weir.flow.DiskJournals;
import dev.weir.journal.RunArchive;
import dev.weir.flow.Codec;
import dev.weir.event.CodecRegistry;
import dev.weir.journal.Manifest;
import dev.weir.replay.ArchiveTypes;
import dev.weir.replay.Difference;
import java.util.HashMap;
import java.util.function.Consumer;
import java.util.Map;
import dev.weir.replay.ReplayVerifier;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IParameterConsumer;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Runs one flow from the command line, prints a summary per stage and how to replay the run.
 *
 * <p>While the flow runs, the first SIGINT (Ctrl-C) or SIGTERM stops it gracefully within
 * {@code --stop-timeout} (then it is cancelled), and a second cancels it; see {@link SignalStop}. Exit
 * codes: 0 when the flow completed clean (and, with {@code --verify}, the replay matched), also after a
 * graceful stop that drained; 3 when it completed but some stage dead-lettered inputs within its error
 * budget (a replay that matched such a run exits 3 too); 130 (SIGINT) or 143 (SIGTERM), 128 plus the
 * number of the first signal, when a signal ended the run CANCELLED; 1 when it failed (a stage that
 * exceeded its error budget fails it), was cancelled otherwise, or differs from its original; 2 for bad
 * options.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Runs the flow, journaling every stage; prints a summary per stage and the replay command.",
    subcommands = JournalCommand.class)
final class RunCommand implements Callable<Integer> {

  /** How many differences --verify prints. */
  static final int SHOWN_DIFFERENCES = 10;

  private final FlowDefinition definition;
  private final String invocation;
  private final Consumer<FlowBuilder> configure;
  private CodecRegistry codecs = CodecRegistry.defaults();
  /** --set, --secret and --config in command-line order (picocli hands them over as it reads them). */
  private final CommandLineSettings settingArgs = new CommandLineSettings();

  @Spec
  CommandSpec spec;

  @Option(names = "--journal-dir", paramLabel = "DIR", defaultValue = "weir-runs",
      description = "Where disk journals go: DIR/<flow>/<run-id>/ (default: ${DEFAULT-VALUE}).")
  Path journalDir;

  @Option(names = "--memory", description = "Keep journals in memory instead of on disk.")
  boolean memory;

  @Option(names = "--durability", paramLabel = "POLICY", defaultValue = "batch",
      description = "none, batch or interval:<n>ms (also interval:<n>s, interval:<n>m): when disk journals sync"
          + " (default: ${DEFAULT-VALUE}).")
  String durability;

  @Option(names = "--threads", paramLabel = "N",
      description = "How many threads linear stretches of stages share (FlowBuilder.threads; default: the number of"
          + " processors, or a thread per stage on disk journals with batch durability).")
  Integer threads;

  @Option(names = "--payload-format", paramLabel = "FORMAT",
      description = "smile or json: how payloads are encoded into the journals (default: smile; a replay: the"
          + " original run's).")
  String payloadFormat;

  @Option(names = "--replay-from", paramLabel = "RUN_DIR",
      description = "Replay that run: sources re-emit what they journaled there.")
  Path replayFrom;

  @Option(names = "--resume-from", paramLabel = "RUN_DIR",
      description = "Continue that interrupted run (it crashed, was killed, stopped or failed) in its directory,"
          + " without journaling anything twice: sources continue after what they journaled, sinks and effects are"
          + " not performed again for what their journals hold. Refused for a completed run or another flow.")
  Path resumeFrom;

  @Option(names = "--replay-live-effects", description = "With --replay-from: perform the stages declared Effects"
      + " again (calls go out, sinks deliver) instead of taking their outcomes from the original run.")
  boolean replayLiveEffects;

  @Option(names = "--verify", description = "With --replay-from: compare every stage's output with the original run.")
  boolean verify;

  @Option(names = "--allow-incomplete", description = "With --replay-from: accept a run that did not complete.")
  boolean allowIncomplete;

  @Option(names = "--replay-sinks", paramLabel = "run|skip", defaultValue = "run",
      description = "With --replay-from: run sinks again (run, the default: their side effects happen again) or"
          + " skip them (skip: no sink is called; each writes the original run's receipt or dead letter for every"
          + " input, so --verify still compares them).")
  String replaySinks;

  @Option(names = "--stop-timeout", paramLabel = "DURATION", defaultValue = "30s",
      converter = DurationConverter.class,
      description = "How long a graceful stop (the first Ctrl-C or SIGTERM) may take before the run is cancelled;"
          + " 500ms, 30s, 2m or ISO-8601 such as PT30S (default: ${DEFAULT-VALUE}). A second signal cancels at once."
          + " Exit code 0 if the stopped run completed (3 with errors), 130 (SIGINT) or 143 (SIGTERM) if it was"
          + " cancelled, 1 if it failed.")
  Duration stopTimeout;

  @Option(names = "--max-errors", paramLabel = "N", converter = ErrorCountConverter.class,
      description = "Error budget of every stage: the run fails when a stage sends more than N inputs to its error"
          + " journal (0: the first error fails it). A stage's own budget (@Stage(maxErrors), or one set in code)"
          + " wins over this one. Default: no budget.")
  Long maxErrors;

  @Option(names = "--max-error-rate", paramLabel = "RATE", converter = ErrorRateConverter.class,
      description = "Error budget of every stage as a rate: the run fails when more than RATE of a stage's last"
          + " --error-window inputs failed (1%%, 0.5%% or 0.01); judged from the first error, so before the window"
          + " has filled it allows floor(RATE x window) failed inputs. Default: no budget.")
  Double maxErrorRate;

  @Option(names = "--error-window", paramLabel = "N", converter = ErrorWindowConverter.class,
      description = "With --max-error-rate: how many of a stage's latest inputs the rate is judged over"
          + " (default: " + ErrorBudget.DEFAULT_WINDOW + ").")
  Integer errorWindow;

  @Option(names = "--set", paramLabel = "KEY=VALUE", parameterConsumer = SettingArgument.class,
      description = "A setting the flow reads through FlowSettings; repeatable. Settings come from WEIR_SET_<KEY>"
          + " environment variables (KEY in upper case with '_' for '.' and '__' for '-': WEIR_SET_INPUT_PATH sets"
          + " input.path), then --config, --set and --secret in command-line order, a later one winning. The replay"
          + " command repeats them.")
  List<String> set;

  @Option(names = "--secret", paramLabel = "KEY=VALUE", parameterConsumer = SettingArgument.class,
      description = "A secret setting: the flow reads it, Weir never prints it and the manifest records only that it"
          + " was set; repeatable. Also from WEIR_SECRET_<KEY> environment variables (above WEIR_SET_).")
  List<String> secret;

  @Option(names = "--config", paramLabel = "FILE", parameterConsumer = SettingArgument.class,
      description = "A .properties file of settings (UTF-8, else ISO-8859-1); repeatable, in command-line order with"
          + " --set.")
  List<String> config;

  /** Reads --set, --secret and --config as picocli meets them, so that a later one wins. */
  static final class SettingArgument implements IParameterConsumer {
    @Override
    public void consumeParameters(java.util.Stack<String> args, ArgSpec argSpec, CommandSpec commandSpec) {
      String option = ((OptionSpec) argSpec).longestName();
      if (args.isEmpty()) {
        throw new ParameterException(commandSpec.commandLine(), "Missing required parameter for option '" + option
            + "' (" + argSpec.paramLabel() + ")");
      }
      String value = args.pop();
      CommandLineSettings target = ((RunCommand) commandSpec.userObject()).settingArgs;
      try {
        if (option.equals("--config")) {
          target.configFile(value);
        } else {
          target.assignment(option, value);
        }
      } catch (CommandLineSettings.BadSetting e) {
        throw new ParameterException(commandSpec.commandLine(), e.getMessage());
      }
    }
  }

  @Option(names = "--server", description = "Serve the operations API and page while the flow runs (health, ready,"
      + " Prometheus metrics, topology, status, control, events; docs/operations.md), and after it ended until"
      + " SIGINT or SIGTERM.")
  boolean server;

  @Option(names = "--port", paramLabel = "N", defaultValue = "" + FlowServer.DEFAULT_PORT,
      description = "With --server: the port (default: ${DEFAULT-VALUE}; 0 picks a free one, the URL is printed).")
  int port;

  @Option(names = "--bind", paramLabel = "ADDR", defaultValue = "127.0.0.1",
      description = "With --server: the address to listen on (default: ${DEFAULT-VALUE}); any other than loopback"
          + " needs --api-token.")
  String bind;

  @Option(names = "--api-token", paramLabel = "TOKEN",
      description = "With --server: the bearer token every endpoint but /health and the page requires (also"
          + " WEIR_API_TOKEN). Never printed.")
  String apiToken;

  @Option(names = "--startup", paramLabel = "auto|manual", defaultValue = "auto",
      description = "auto (the default) starts the flow at once; manual, with --server, builds and serves it and"
          + " waits for {\"action\": \"start\"} on /api/flow/control (the sources wait at the start gate).")
  String startup;

  @Option(names = "--keep-runs", paramLabel = "N",
      description = "After a disk run completed: delete the flow's older runs in DIR/<flow>/ so that the newest N"
          + " remain, this one included (and the run it replayed is kept); runs in progress and crashed ones are"
          + " kept, as by journal prune.")
  Integer keepRuns;

  RunCommand(FlowDefinition definition, Consumer<FlowBuilder> configure, String invocation) {
    this.definition = definition;
    this.configure = configure;
    this.invocation = invocation;
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (verify && replayFrom == null) {
      err.println("--verify compares a replay with its original run: give --replay-from <run dir>");
      return 2;
    }
    if (resumeFrom != null && (replayFrom != null || memory)) {
      err.println("--resume-from continues a run in its directory on disk: it does not go with "
          + (memory ? "--memory" : "--replay-from"));
      return 2;
    }
    if (replayLiveEffects && replayFrom == null) {
      err.println("--replay-live-effects performs the effects of a replay: give --replay-from <run dir> too");
      return 2;
    }
    ReplaySinks sinks;
    switch (replaySinks.toLowerCase(java.util.Locale.ROOT)) {
      case "run" -> sinks = ReplaySinks.RUN;
      case "skip" -> sinks = ReplaySinks.SKIP;
      default -> {
        err.println("--replay-sinks is run or skip, not '" + replaySinks + "'");
        return 2;
      }
    }
    if (sinks == ReplaySinks.SKIP && replayFrom == null) {
      err.println("--replay-sinks=skip skips the sinks of a replay, but this run replays nothing: give --replay-from"
          + " <run dir> too (a first run's sinks always run)");
      return 2;
    }
    if (keepRuns != null && (keepRuns < 1 || memory)) {
      err.println(memory ? "--keep-runs prunes disk journals: it does not go with --memory"
          : "--keep-runs must be 1 or more (the run just made is always kept), got " + keepRuns);
      return 2;
    }
    Durability policy;
    try {
      policy = Durability.parse(durability);
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      return 2;
    }
    dev.weir.flow.PayloadFormat format;
    try {
      format = payloadFormat != null ? dev.weir.flow.PayloadFormat.parse(payloadFormat)
          : replayFrom != null ? originalPayloadFormat(replayFrom)
          : resumeFrom != null ? originalPayloadFormat(resumeFrom) : dev.weir.flow.PayloadFormat.DEFAULT;
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      return 2;
    }
    if (errorWindow != null && maxErrorRate == null) {
      err.println("--error-window sets the window of --max-error-rate: give --max-error-rate too");
      return 2;
    }
    boolean manual;
    switch (startup.toLowerCase(java.util.Locale.ROOT)) {
      case "auto" -> manual = false;
      case "manual" -> manual = true;
      default -> {
        err.println("--startup is auto or manual, not '" + startup + "'");
        return 2;
      }
    }
    if (manual && !server) {
      err.println("--startup manual waits for a start through the API: give --server too");
      return 2;
    }
    String token = apiToken != null ? apiToken : System.getenv(API_TOKEN_ENV);
    if (!server && (apiToken != null || !bind.equals("127.0.0.1") || port != FlowServer.DEFAULT_PORT)) {
      err.println("--port, --bind and --api-token configure the server: give --server too");
      return 2;
    }
    FlowSettings commandLineSettings;
    try {
      commandLineSettings = settingArgs.resolve(System.getenv());
    } catch (CommandLineSettings.BadSetting e) {
      err.println(e.getMessage());
      return 2;
    }
    FlowBuilder builder = definition.builder()
        .settings(commandLineSettings)
        .stopDeadline(stopTimeout)
        .journals(memory ? Journals.memory().payloadFormat(format)
            : Journals.disk(journalDir).durability(policy).payloadFormat(format));
    if (replayFrom != null) {
      builder.replayFrom(replayFrom).replaySinks(sinks);
      if (allowIncomplete) {
        builder.allowIncomplete();
      }
      if (replayLiveEffects) {
        builder.replayLiveEffects();
      }
    }
    if (resumeFrom != null) {
      builder.resumeFrom(resumeFrom);
    }
    configure.accept(builder);
    commandLineBudget().ifPresent(builder::errorBudget); // given on the command line: over the program's flow-wide one
    if (threads != null) { // given on the command line: over what the program set
      if (threads < 0) {
        err.println("--threads " + threads + ": give 0 (the number of processors) or more");
        return 2;
      }
      builder.threads(threads);
    }
    codecs = BuilderAccess.codecs(builder);
    FlowSettings settings = BuilderAccess.settings(builder); // as configure left them
    if (replayFrom != null) {
      warnIfSettingsDiffer(settings, err);
    }
    List<String> properties = ReplayArguments.systemProperties(
        java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
    String replayInvocation = ReplayArguments.withSystemProperties(invocation, properties);
    printMiddleware(definition, out);
    if (server) {
      builder.manualStart(); // the server listens before the sources run; started below unless --startup manual
    }
    FlowHandle handle = builder.start();
    FlowServer served = null;
    if (server) {
      try {
        served = FlowServer.builder(handle).bind(bind).port(port).apiToken(token).start();
      } catch (IllegalArgumentException | java.io.IOException e) {
        handle.stop(dev.weir.flow.StopMode.CANCEL, "the server could not start");
        handle.await();
        err.println("--server: " + e.getMessage());
        return 2;
      }
      out.println("serving " + served.uri() + " (the page; the API under /api, metrics at /metrics)"
          + (manual ? "; waiting for a start: POST {\"action\": \"start\"} to " + served.uri()
              + "api/flow/control" : ""));
      served.ingestEndpoints().forEach(line -> out.println("ingest: " + line));
      out.flush();
      if (!manual) {
        handle.start();
      }
    }
    try (FlowServer closing = served; SignalStop stop = SignalStop.install(handle, stopTimeout, err)) {
      FlowResult result;
      try (ProgressLine progress = ProgressLine.start(handle)) {
        result = handle.await();
      }
      stop.restoreSignals();
      printSummary(result, hasMiddleware(definition), out);
      if (sinks == ReplaySinks.SKIP && !result.stages().isEmpty()) {
        out.println("note: sinks were not called (--replay-sinks=skip): each wrote the original run's receipts and"
            + " dead letters for its inputs");
      }
      printErrors(result, handle.journals().directory(), out);
      int code = exitCode(result, stop.firstSignal());
      if (verify && result.state() == FlowState.COMPLETED) {
        int verified = verify(handle, out);
        code = verified != 0 ? verified : code; // a replay that matched a run with errors had them too: 3
      }
      if (!result.stages().isEmpty()) { // a run that never started has nothing to replay
        boolean whole = result.state() == FlowState.COMPLETED;
        handle.journals().directory().ifPresent(dir -> out.println("replay: " + replayInvocation
            + ReplayArguments.settings(settings) + " --journal-dir "
            + ShellWords.quote(absolute(journalDir)) + " --replay-from " + ShellWords.quote(absolute(dir))
            + (whole ? " --verify" : " --allow-incomplete")
            + (sinks == ReplaySinks.SKIP ? " --replay-sinks=skip" : "")));
        handle.journals().directory().ifPresent(dir -> printReplayNotes(settings, properties, out));
        boolean stoppedEarly = result.state() == FlowState.COMPLETED && result.detail() != null
            && result.detail().startsWith(dev.weir.journal.Manifest.STOPPED_GRACEFULLY);
        if ((!whole || stoppedEarly) && replayFrom == null) {
          handle.journals().directory().ifPresent(dir -> out.println("resume: " + replayInvocation
              + ReplayArguments.settings(settings) + " --journal-dir " + ShellWords.quote(absolute(journalDir))
              + " --resume-from " + ShellWords.quote(absolute(dir))));
        }
      }
      if (keepRuns != null && result.state() == FlowState.COMPLETED) {
        handle.journals().directory().ifPresent(dir -> KeepRuns.prune(dir, keepRuns, replayFrom, out, err));
      }
      out.flush();
      if (closing != null && stop.firstSignal().isEmpty()) {
        out.println("the run ended; serving its final state at " + closing.uri() + " until SIGINT or SIGTERM");
        out.flush();
        ServeUntilSignal.await();
      }
      return code;
    }
  }

  /** The environment variable that gives the API token when {@code --api-token} does not. */
  static final String API_TOKEN_ENV = "WEIR_API_TOKEN";

  /** {@code p} as the printed replay command gives it: absolute, so it runs from any directory. */
  private static String absolute(Path p) {
    return p.toAbsolutePath().normalize().toString();
  }

  /**
   * 0 for a run that completed clean, 3 for one that completed with errors (dead letters within every
   * stage's budget), 128 + the signal's number for a run a signal cancelled, 1 otherwise (failed,
   * including a stage that exceeded its error budget).
   */
  static int exitCode(FlowResult result, OptionalInt signal) {
    int code = exitCode(result.state(), signal);
    return code == 0 && result.completedWithErrors() ? COMPLETED_WITH_ERRORS : code;
  }

  /** The exit code of a run that completed, but with dead letters in some stage's error journal. */
  static final int COMPLETED_WITH_ERRORS = 3;

  /** The flow-wide error budget that {@code --max-errors} and {@code --max-error-rate} give, if they do. */
  private java.util.Optional<ErrorBudget> commandLineBudget() {
    ErrorBudget budget = null;
    if (maxErrors != null) {
      budget = ErrorBudget.maxErrors(maxErrors);
    }
    if (maxErrorRate != null) {
      budget = budget == null ? ErrorBudget.maxRate(maxErrorRate) : budget.andMaxRate(maxErrorRate);
      if (errorWindow != null) {
        budget = budget.over(errorWindow);
      }
    }
    return java.util.Optional.ofNullable(budget);
  }

  /**
   * Before a replay: a warning on {@code err} when {@code settings} differ from those the replayed
   * run's manifest records, listing each key that differs (a replay may change a setting on purpose,
   * so it is not an error). Secrets are compared by whether they are set, never by value.
   */
  private void warnIfSettingsDiffer(FlowSettings settings, PrintWriter err) {
    Manifest original;
    try {
      original = Manifest.read(replayFrom);
    } catch (java.io.IOException | RuntimeException e) {
      return; // the run itself reports what is wrong with the run directory
    }
    if (original.settings() == null) {
      if (!settings.isEmpty()) {
        err.println("warning: run " + replayFrom + " recorded no settings (written by an older Weir); this replay has "
            + settings.keys().size() + " (" + String.join(", ", settings.keys()) + ")");
      }
      return;
    }
    List<String> differences = original.settings().differences(settings);
    if (!differences.isEmpty()) {
      err.println("warning: the settings of this replay differ from those of run " + replayFrom + ", so its output"
          + " may differ too (" + differences.size() + (differences.size() == 1 ? " key" : " keys") + "):");
      differences.forEach(d -> err.println("  " + d));
    }
    err.flush();
  }

  /** What the replay command needs besides itself: secrets to put in the shell, JVM options it could not carry. */
  private void printReplayNotes(FlowSettings settings, List<String> properties, PrintWriter out) {
    if (!settings.secretKeys().isEmpty()) {
      out.println("note: the replay command reads the secret settings from the shell, their values are not recorded:"
          + " set " + String.join(", ", settings.secretKeys().stream()
              .map(k -> ReplayArguments.secretVariable(k) + " (" + k + ")").toList()) + " before running it");
    }
    if (!properties.isEmpty() && !ReplayArguments.startsWithJava(invocation)) {
      out.println("note: this JVM was started with " + String.join(" ", properties.stream().map(ShellWords::quote)
          .toList()) + "; start the replay's JVM with them too");
    }
  }

  /** 0 for a completed run, 128 + the signal's number for a run a signal cancelled, 1 otherwise. */
  static int exitCode(FlowState state, OptionalInt signal) {
    if (state == FlowState.COMPLETED) {
      return 0;
    }
    return state == FlowState.CANCELLED && signal.isPresent() ? 128 + signal.getAsInt() : 1;
  }

  private int verify(FlowHandle replay, PrintWriter out) throws Exception {
    ArchiveTypes types = ArchiveTypes.check(Manifest.read(replayFrom), definition, codecs);
    Map<String, Codec<Object>> reencode = new HashMap<>();
    types.decoders().keySet().forEach(stage -> reencode.put(stage,
        codecs.codecFor(definition.stage(stage).orElseThrow().output())));
    try (RunArchive original = RunArchive.open(replayFrom, definition, DiskJournals.keyFromEnvironment(), codecs,
        types.decoders())) {
      List<String> stages = definition.stages().stream().map(s -> s.name()).toList();
      List<Difference> diffs = ReplayVerifier.compare(stages, original::data, replay.journals()::data,
          SHOWN_DIFFERENCES, reencode);
      if (diffs.isEmpty()) {
        out.println("replay matched the original run: 0 differences");
        return 0;
      }
      out.println("replay differs from the original run" + (diffs.size() == SHOWN_DIFFERENCES ? " (first "
          + SHOWN_DIFFERENCES + " differences)" : ": " + diffs.size() + " differences") + ":");
      for (Difference d : diffs) {
        out.println("  " + d);
      }
      return 1;
    }
  }

  /**
   * Before the run of a flow with middleware: each stage's resolved stack, in the order the
   * decorators apply from the outside in, each entry with where it was declared (flow or stage).
   */
  static void printMiddleware(dev.weir.flow.FlowDefinition definition, PrintWriter out) {
    if (!hasMiddleware(definition)) {
      return;
    }
    out.println("middleware (outermost first: rate limit, retry, circuit breaker, timeout):");
    for (dev.weir.flow.StageDefinition s : definition.stages()) {
      List<dev.weir.flow.MiddlewareEntry> stack = new java.util.ArrayList<>(definition.middleware(s.name()));
      if (stack.isEmpty()) {
        continue;
      }
      stack.sort(java.util.Comparator.comparingInt(e -> decoratorOrder(e.policy())));
      for (int i = 0; i < stack.size(); i++) {
        dev.weir.flow.MiddlewareEntry e = stack.get(i);
        out.printf("  %-18s %s (%s)%n", i == 0 ? s.name() : "", annotation(e.policy()),
            e.origin().name().toLowerCase(java.util.Locale.ROOT));
      }
    }
    out.flush();
  }

  /** A resolved middleware as its annotation would write it: {@code @Retry(maxAttempts = 3, initialDelay = 2ms, ...)}. */
  static String annotation(dev.weir.flow.Middleware m) {
    if (m instanceof dev.weir.flow.RateLimitPolicy p) {
      return "@RateLimit(perSecond = " + p.perSecond() + ", burst = " + p.burst() + ")";
    }
    if (m instanceof dev.weir.flow.RetryPolicy p) {
      return "@Retry(maxAttempts = " + p.maxAttempts() + ", initialDelay = " + DurationText.format(p.initialDelay())
          + ", multiplier = " + p.multiplier() + ", maxDelay = " + DurationText.format(p.maxDelay()) + ", jitter = "
          + p.jitter() + ")";
    }
    if (m instanceof dev.weir.flow.CircuitBreakerPolicy p) {
      return "@CircuitBreaker(failureRateThreshold = " + p.failureRateThreshold() + ", slidingWindowSize = "
          + p.slidingWindowSize() + ", minimumCalls = " + p.minimumCalls() + ", waitInOpen = "
          + DurationText.format(p.waitInOpen()) + ", halfOpenCalls = " + p.halfOpenCalls()
          + p.slowCallDuration().map(d -> ", slowCallDuration = " + DurationText.format(d) + ", slowCallRateThreshold = "
              + p.slowCallRateThreshold()).orElse("")
          + p.fallbackMethod().map(f -> ", fallback = " + f).orElse(", onOpen = " + p.onOpen()) + ")";
    }
    dev.weir.flow.TimeoutPolicy t = (dev.weir.flow.TimeoutPolicy) m;
    return "@Timeout(" + DurationText.format(t.timeout()) + ")";
  }

  private static boolean hasMiddleware(dev.weir.flow.FlowDefinition definition) {
    return definition.stages().stream().anyMatch(s -> !definition.middleware(s.name()).isEmpty());
  }

  private static int decoratorOrder(dev.weir.flow.Middleware m) {
    return m instanceof dev.weir.flow.RateLimitPolicy ? 0 : m instanceof dev.weir.flow.RetryPolicy ? 1
        : m instanceof dev.weir.flow.CircuitBreakerPolicy ? 2 : 3;
  }

  /** One line per stage, then how the run ended. */
  static void printSummary(FlowResult result, PrintWriter out) {
    printSummary(result, false, out);
  }

  /**
   * As {@link #printSummary(FlowResult, PrintWriter)}; a flow with middleware (or a run that
   * retried or fell back) gets the retries and fallbacks columns and its errors by kind.
   */
  static void printSummary(FlowResult result, boolean middleware, PrintWriter out) {
    out.println();
    if (middleware || result.retries() > 0 || result.fallbacks() > 0) {
      printMiddlewareSummary(result, out);
    } else {
      out.printf("%-18s %-16s %12s %12s %8s%n", "stage", "kind", "received", "emitted", "errors");
      for (StageResult s : result.stages()) {
        out.printf("%-18s %-16s %12d %12d %8d%s%n", s.name(), s.kind().name().toLowerCase(), s.received(), s.emitted(),
            s.errors(), s.errors() > 0 ? " !" : ""); // '!': this stage dead-lettered inputs
      }
    }
    out.printf("flow %s run %s: %s in %d ms%n", result.flowName(), result.runId(), result.state(),
        result.elapsed().toMillis());
    result.failure().ifPresent(f -> out.println("failure: " + f.getMessage()));
    if (result.failure().isEmpty() && result.detail().startsWith("stopped")) {
      out.println("note: " + result.detail());
    }
  }

  /**
   * The summary table of a flow with middleware: two more columns, and under each stage with dead
   * letters their kinds, for example
   * {@code     errors by kind: REMOTE 3, CIRCUIT_OPEN 12}.
   */
  private static void printMiddlewareSummary(FlowResult result, PrintWriter out) {
    out.printf("%-18s %-16s %12s %12s %8s %8s %9s%n", "stage", "kind", "received", "emitted", "errors", "retries",
        "fallbacks");
    for (StageResult s : result.stages()) {
      out.printf("%-18s %-16s %12d %12d %8d %8d %9d%s%n", s.name(), s.kind().name().toLowerCase(), s.received(),
          s.emitted(), s.errors(), s.retries(), s.fallbacks(), s.errors() > 0 ? " !" : "");
      if (!s.errorsByKind().isEmpty()) {
        StringBuilder kinds = new StringBuilder();
        for (dev.weir.api.ErrorKind k : dev.weir.api.ErrorKind.values()) {
          if (s.errors(k) > 0) {
            kinds.append(kinds.length() == 0 ? "" : ", ").append(k.name()).append(' ').append(s.errors(k));
          }
        }
        out.println("    errors by kind: " + kinds);
      }
    }
  }

  /**
   * After the summary of a run with dead letters: how many, in which stages, and the journal tool's
   * command that prints each stage's (for a run on disk), for example
   * {@code completed with 44 errors, in stage validate (44); read the dead letters with:}.
   */
  void printErrors(FlowResult result, java.util.Optional<Path> runDir, PrintWriter out) {
    long total = result.errors();
    if (total == 0) {
      return;
    }
    List<String> stages = result.stagesWithErrors();
    StringBuilder sb = new StringBuilder(result.state().name().toLowerCase(java.util.Locale.ROOT)).append(" with ")
        .append(total).append(total == 1 ? " error" : " errors").append(", in stage")
        .append(stages.size() > 1 ? "s " : " ");
    for (int i = 0; i < stages.size(); i++) {
      if (i > 0) {
        sb.append(i == stages.size() - 1 ? " and " : ", ");
      }
      sb.append(stages.get(i)).append(" (").append(result.stage(stages.get(i)).errors()).append(')');
    }
    if (runDir.isEmpty()) {
      out.println(sb.append("; they were in memory journals (run without --memory to keep them)"));
      return;
    }
    out.println(sb.append("; read the dead letters with:"));
    for (String stage : stages) {
      out.println("  " + invocation + " journal cat " + ShellWords.quote(absolute(runDir.get())) + " "
          + ShellWords.quote(stage) + " --errors");
    }
  }

  /** The payload format of the run a replay replays, so that --verify compares like with like; the default if unreadable. */
  private static dev.weir.flow.PayloadFormat originalPayloadFormat(Path runDir) {
    try {
      return dev.weir.journal.Manifest.read(runDir).payloadFormatOrJson();
    } catch (java.io.IOException | RuntimeException unreadable) {
      return dev.weir.flow.PayloadFormat.DEFAULT; // the replay itself reports what is wrong with the run
    }
  }
}
