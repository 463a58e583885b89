// A modular application: it reads only what dev.weir.runtime exports, and opens its event types
// to Jackson, which journals them.
module com.example.quantities {
  requires dev.weir.runtime;

  opens com.example.quantities to com.fasterxml.jackson.databind;
}
