// The citizens' portal's entry point: its labels first, then the frame.
import "./catalogues.js";
import "./app.js";
