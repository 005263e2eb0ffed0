package org.voicegender.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import org.voicegender.corpus.LibriSpeechCorpus;
import org.voicegender.evaluate.Evaluation;
import org.voicegender.evaluate.SpeakerEvaluation;
import org.voicegender.model.TrainedModel;
import org.voicegender.model.WindowDataset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = "Evaluate a model on the readers of a corpus it has not seen (readers it trained on are left out).")
final class EvaluateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ModelJobOptions job;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    var loaded = job.load();
    TrainedModel model = loaded.model();
    LibriSpeechCorpus corpus = loaded.corpus();
    WindowDataset ds = loaded.dataset();
    if (model.readers().isEmpty()) {
      out.println("WARNING: this model file does not record its training readers; the figures are"
          + " speaker-independent only if the corpus holds none of them");
    }
    var test = Evaluation.unseenBy(model, ds.utterances());
    int excluded = ds.utterances().size() - test.size();
    if (excluded > 0) {
      out.printf("left out %d utterances of readers the model trained on; evaluating %d%n", excluded, test.size());
    }
    SpeakerEvaluation.Result r = Evaluation.evaluate(model, ds, test, model.training().seed());
    Map<String, Object> extra = new java.util.LinkedHashMap<>(Map.of("model", job.modelFile.toString(),
        "corpus", corpus.root().toString(), "excluded_seen_utterances", excluded));
    Map<String, Object> silent = Evaluation.withoutSpeech(model, ds, test);
    extra.putAll(silent);
    if ((int) silent.get("windows_without_speech") > 0) {
      out.printf("left out %d windows without speech (%s); utterances with none: %s%n",
          silent.get("windows_without_speech"), model.speechGate().describe(), silent.get("utterances_without_speech"));
    }
    Evaluation.writeEvaluation(r, extra, job.outDir);
    print(out, r);
    return 0;
  }

  static void print(PrintWriter out, SpeakerEvaluation.Result r) {
    out.printf("%-11s %8s %9s %16s%n", "", "count", "accuracy", "95% CI (readers)");
    out.printf("%-11s %8d %8.1f%% %7.1f-%.1f%%%n", "windows", r.windows(), 100 * r.windowAccuracy(),
        100 * r.windowInterval()[0], 100 * r.windowInterval()[1]);
    out.printf("%-11s %8d %8.1f%% %7.1f-%.1f%%%n", "utterances", r.utterances(), 100 * r.utteranceAccuracy(),
        100 * r.utteranceInterval()[0], 100 * r.utteranceInterval()[1]);
    out.printf("%-11s %8d %8.1f%% %7.1f-%.1f%%  (majority of each reader's utterances)%n", "readers", r.readers(),
        100 * r.readerAccuracy(), 100 * r.readerInterval()[0], 100 * r.readerInterval()[1]);
    out.printf("%-11s %8d %8.1f%% %7.1f-%.1f%%  (utterances, each reader counted once)%n", "utt/reader",
        r.utterances(), 100 * r.readerWeightedUtteranceAccuracy(), 100 * r.readerWeightedUtteranceInterval()[0],
        100 * r.readerWeightedUtteranceInterval()[1]);
    out.printf("readers %d; utterance accuracy F %.1f%%, M %.1f%%%n", r.readers(),
        100 * r.utteranceAccuracyByGender().values().toArray(new Double[0])[0],
        100 * r.utteranceAccuracyByGender().values().toArray(new Double[0])[1]);
  }
}
