// The console's entry point.
import "./app.js";
