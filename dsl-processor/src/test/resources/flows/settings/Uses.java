package flows.settings;

import dev.weir.flow.FlowDefinition;
import dev.weir.flow.FlowSettings;

/** Calls the generated methods as a user would: this must compile. */
class Uses {
  static FlowDefinition[] all() {
    return new FlowDefinition[] {
        WithSettingsFlow.definition(),
        WithSettingsFlow.definition(() -> new WithSettings(FlowSettings.empty().with("factor", "4"))),
        BothConstructorsFlow.definition(),
        BothConstructorsFlow.definition(() -> new BothConstructors(6)),
        BothConstructorsFlow.definition(BothConstructors::new),
        ManyConstructorsFlow.definition(),
        ManyConstructorsFlow.definition(() -> new ManyConstructors("5", 0)),
        ManyConstructorsFlow.definition(ManyConstructors::new),
        NeedsDependencyFlow.definition(() -> new NeedsDependency(new NeedsDependency.Scale(3))),
    };
  }
}
