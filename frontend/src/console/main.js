// The console's entry point.
import "./catalogues.js";
import "./app.js";
