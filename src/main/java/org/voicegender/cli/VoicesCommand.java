package org.voicegender.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.voicegender.audio.YinPitchTracker;
import org.voicegender.evaluate.Evaluation;
import org.voicegender.model.TrainedModel;
import org.voicegender.report.RobustnessFiles;
import org.voicegender.robust.VoiceStress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "voices", mixinStandardHelpOptions = true,
    description = "A stress test of voices: every unseen reader with P(male), the model's confidence and its"
        + " median F0 (YIN), least confident first; a chart of P(male) against F0.")
final class VoicesCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ModelJobOptions job;

  @Option(names = "--min-hz", defaultValue = "60", description = "lowest F0 searched (default ${DEFAULT-VALUE})")
  double minHz;

  @Option(names = "--max-hz", defaultValue = "400", description = "highest F0 searched (default ${DEFAULT-VALUE})")
  double maxHz;

  @Option(names = "--yin-threshold", defaultValue = "0.1",
      description = "YIN's absolute threshold on the normalised difference (default ${DEFAULT-VALUE}, the paper's)")
  double threshold;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    var loaded = job.load();
    TrainedModel model = loaded.model();
    var test = Evaluation.unseenBy(model, loaded.dataset().utterances());
    var pitch = YinPitchTracker.Config.speech().withRange(minHz, maxHz).withThreshold(threshold);
    VoiceStress.Result r = VoiceStress.run(model, loaded.dataset(), test, new YinPitchTracker(pitch),
        model.training().seed());
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("model", job.modelFile.toString());
    extra.put("corpus", loaded.corpus().root().toString());
    RobustnessFiles.writeVoices(r, "bin/voicegender voices " + job.modelFile + " --data DIR --out " + job.outDir,
        extra, job.outDir);
    out.print(r.table().toMarkdown());
    out.println("wrote " + job.outDir.resolve("voices.md") + ", voices.csv, f0.png and metrics.json");
    return 0;
  }
}
