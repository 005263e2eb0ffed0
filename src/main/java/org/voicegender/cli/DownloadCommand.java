package org.voicegender.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.voicegender.corpus.CorpusDownloader;
import org.voicegender.corpus.LibriSpeechArchive;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "download",
    mixinStandardHelpOptions = true,
    description = "Download a LibriSpeech subset from openslr.org, verify it, unpack it under data/.")
final class DownloadCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", description = "subset: dev-clean, test-clean, train-clean-100, ...")
  String subset;

  @Option(names = "--data", defaultValue = "data", description = "where to store and unpack")
  Path data;

  @Option(names = "--base-url", description = "a mirror's folder URL (default: openslr.org)")
  String baseUrl;

  @Override
  public Integer call() throws Exception {
    java.io.PrintWriter out = spec.commandLine().getOut();
    LibriSpeechArchive archive = LibriSpeechArchive.of(subset);
    var request = CorpusDownloader.Request.official(archive, data);
    if (baseUrl != null) {
      request = request.withBaseUrl(baseUrl);
    }
    var result = new CorpusDownloader(true).run(request);
    out.println(
        result.alreadyPresent()
            ? subset + " is already unpacked in " + result.corpusRoot()
            : subset + " unpacked in " + result.corpusRoot() + " (checksum verified)");
    return 0;
  }
}
