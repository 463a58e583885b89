package dev.weir.processor;

import com.palantir.javapoet.JavaFile;
import dev.weir.processor.diag.ErrorReporter;
import dev.weir.processor.diag.Message;
import dev.weir.processor.extract.Extraction;
import dev.weir.processor.extract.FlowExtractor;
import dev.weir.processor.generate.FlowGenerator;
import dev.weir.processor.model.FlowGraph;
import dev.weir.processor.rules.FlowValidator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.Filer;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * The work of each round: extract every {@code @Flow} class, validate it, and generate its flow
 * class when it passed every rule. A class that refers to types not generated yet is deferred, by
 * name, to the next round; one still unresolved when processing is over is reported.
 */
final class FlowRounds implements RoundHandler {

  private final Elements elements;
  private final Filer filer;
  private final ErrorReporter reporter;
  private final FlowExtractor extractor;
  private final FlowValidator validator = new FlowValidator();
  private final FlowGenerator generator;
  private final StrayStageCheck strayStages;
  private final StrayMiddlewareCheck strayMiddleware;
  private final Set<String> deferred = new HashSet<>();
  private final Set<String> done = new HashSet<>();

  FlowRounds(ProcessingEnvironment env, ErrorReporter reporter) {
    this.elements = env.getElementUtils();
    this.filer = env.getFiler();
    this.reporter = reporter;
    this.extractor = new FlowExtractor(env);
    this.generator = new FlowGenerator(elements.getTypeElement("javax.annotation.processing.Generated") != null);
    this.strayStages = new StrayStageCheck(reporter);
    this.strayMiddleware = new StrayMiddlewareCheck(elements, reporter);
  }

  @Override
  public void process(RoundEnvironment round) {
    Set<TypeElement> todo = new LinkedHashSet<>();
    for (String name : deferred) {
      TypeElement type = elements.getTypeElement(name);
      if (type != null) {
        todo.add(type);
      }
    }
    deferred.clear();
    TypeElement flow = elements.getTypeElement(FlowExtractor.FLOW);
    if (flow != null) {
      for (Element e : round.getElementsAnnotatedWith(flow)) {
        if (e instanceof TypeElement type) {
          todo.add(type);
        }
      }
    }
    List<TypeElement> ordered = new ArrayList<>(todo);
    ordered.sort(Comparator.comparing(t -> t.getQualifiedName().toString()));
    for (TypeElement type : ordered) {
      if (!done.contains(type.getQualifiedName().toString())) {
        processFlow(type, round.processingOver());
      }
    }
    TypeElement stage = elements.getTypeElement(FlowExtractor.STAGE);
    if (stage != null) {
      strayStages.check(round.getElementsAnnotatedWith(stage));
    }
    strayMiddleware.check(round);
  }

  private void processFlow(TypeElement type, boolean lastRound) {
    Extraction extraction = extractor.extract(type);
    if (extraction instanceof Extraction.Unresolved u) {
      if (!lastRound) {
        deferred.add(u.qualifiedName());
      } else if (u.type().isEmpty()) {
        reporter.report(Message.MISSING_VALUE, u.location(), u.generatedName(), u.where());
      } else {
        reporter.report(Message.MISSING_TYPE, u.location(), u.generatedName(), u.where(), u.type());
      }
      return;
    }
    Extraction.Extracted extracted = (Extraction.Extracted) extraction;
    done.add(extracted.flow().qualifiedName());
    FlowGraph graph = FlowGraph.of(extracted.flow());
    if (validator.validate(extracted.flow(), graph, extracted.types(), reporter) > 0) {
      return;
    }
    JavaFile file = generator.generate(extracted.flow(), graph);
    try {
      file.writeTo(filer);
    } catch (IOException e) {
      reporter.report(Message.FLOW_CLASS_NOT_WRITTEN, extracted.flow().location(),
          file.packageName().isEmpty() ? file.typeSpec().name() : file.packageName() + "." + file.typeSpec().name(),
          extracted.flow().className(), e.getMessage());
    }
  }
}
