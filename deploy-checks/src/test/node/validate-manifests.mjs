// Validates rendered Kubernetes objects against the API schemas of the npm package kubernetes-models (and
// @kubernetes-models/cloudnative-pg for CloudNativePG's Cluster). Usage:
//   node validate-manifests.mjs <node_modules dir> <objects.json>
// objects.json is a JSON array of objects (KubernetesManifestsTest converts kubectl kustomize's YAML). Prints one
// line per object: "valid <kind>/<name>", "invalid <kind>/<name>: <errors>" or "unmodelled <apiVersion> <kind>/<name>"
// for kinds no installed package models (the test decides which may be). Exit code 0 even when some are invalid:
// the test reads the lines, so it can report every error at once.
import { readFileSync, existsSync } from "fs";
import { pathToFileURL } from "url";

const [modules, input] = process.argv.slice(2);
const objects = JSON.parse(readFileSync(input, "utf8"));
const packages = { "postgresql.cnpg.io": "@kubernetes-models/cloudnative-pg" };

function modelFile(apiVersion, kind) {
  const slash = apiVersion.indexOf("/");
  const group = slash < 0 ? "" : apiVersion.slice(0, slash);
  const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
  const root = packages[group] ?? "kubernetes-models";
  return `${modules}/${root}/${group ? group + "/" : ""}${version}/${kind}.js`;
}

for (const object of objects) {
  const name = `${object.kind}/${object.metadata?.name}`;
  const file = modelFile(object.apiVersion ?? "", object.kind ?? "");
  if (!existsSync(file)) {
    console.log(`unmodelled ${object.apiVersion} ${name}`);
    continue;
  }
  const model = (await import(pathToFileURL(file)))[object.kind];
  try {
    new model(object).validate();
    console.log(`valid ${name}`);
  } catch (error) {
    console.log(`invalid ${name}: ${String(error.message).replace(/\s+/g, " ")}`);
  }
}
