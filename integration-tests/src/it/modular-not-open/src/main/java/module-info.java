// A modular application that forgets to open its event types to Jackson: the run must fail at start
// with the opens line to add (README, "Use Weir in your project").
module com.example.quantities {
  requires dev.weir.runtime;

}
