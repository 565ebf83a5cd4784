/** Entry point: mounts the app into #root. */
import { render } from "solid-js/web";
import { App } from "./App";
import "./styles.css";
import "./operations.css";

render(() => <App />, document.getElementById("root")!);
