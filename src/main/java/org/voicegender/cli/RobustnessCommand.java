package org.voicegender.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.voicegender.corpus.Utterance;
import org.voicegender.evaluate.Evaluation;
import org.voicegender.model.TrainedModel;
import org.voicegender.report.RobustnessFiles;
import org.voicegender.robust.RobustnessStudy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "robustness", mixinStandardHelpOptions = true,
    description = "The model on degraded copies of the readers it has not met (generated and recorded noise,"
        + " reverberation, telephone band, gain, speed) at fixed seeds: a table and a chart.")
final class RobustnessCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ModelJobOptions job;

  @Option(names = "--snr", split = ",", defaultValue = "20,10,5", description = "noise SNRs in dB (default ${DEFAULT-VALUE})")
  List<Double> snr;

  @Option(names = "--rt60", split = ",", defaultValue = "0.3,0.6",
      description = "reverberation times in seconds (default ${DEFAULT-VALUE})")
  List<Double> rt60;

  @Option(names = "--gain", split = ",", defaultValue = "-20", description = "level changes in dB (default ${DEFAULT-VALUE})")
  List<Double> gain;

  @Option(names = "--speed", split = ",", defaultValue = "0.95,1.05",
      description = "speed perturbation factors (default ${DEFAULT-VALUE})")
  List<Double> speed;

  @Option(names = "--no-telephone", description = "leave out the telephone channel")
  boolean noTelephone;

  @Option(names = "--noise-recordings", defaultValue = "20",
      description = "recordings of readers the model trained on whose pauses give the recorded noise; 0 for none"
          + " (default ${DEFAULT-VALUE})")
  int noiseRecordings;

  @Option(names = "--seed", description = "seed of the degradations and intervals (default: the model's recipe seed)")
  Long seed;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    var loaded = job.load();
    TrainedModel model = loaded.model();
    List<Utterance> test = Evaluation.unseenBy(model, loaded.dataset().utterances());
    List<Utterance> noise = loaded.dataset().utterances().stream().filter(u -> model.sawReader(u.speaker()))
        .limit(noiseRecordings).toList();
    var settings = new RobustnessStudy.Settings(snr, rt60, !noTelephone, gain, speed,
        seed != null ? seed : model.training().seed());
    var result = RobustnessStudy.run(model, test, RobustnessStudy.conditions(settings, noise), settings, line -> {
      out.println(line);
      out.flush();
    });
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("model", job.modelFile.toString());
    extra.put("corpus", loaded.corpus().root().toString());
    extra.put("noise_recordings", noise.stream().map(Utterance::id).toList());
    String title = "Robustness of " + job.modelFile.getFileName() + " (recipe " + model.training().recipe() + ")";
    RobustnessFiles.writeRobustness(result, title, extra, job.outDir);
    out.print(result.table(title).toMarkdown());
    return 0;
  }
}
