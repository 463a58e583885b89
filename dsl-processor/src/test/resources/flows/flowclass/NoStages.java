package flows.flowclass;

import dev.weir.api.*;
import dev.weir.dsl.*;

@Flow(topology = {})
class NoStages {
}
