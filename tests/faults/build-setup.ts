import { ensureBuild } from "../../scripts/ensure-build";

/** The fault suite runs the production build (each file starts its own app: it kills and restarts it). */
export default function setup() {
  ensureBuild();
}
