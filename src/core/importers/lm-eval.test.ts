import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { InvalidInputError } from "../errors.js";
import type { InputProblem } from "../parse-results.js";
import { resultSchema } from "../result-schema.js";
import type { CanonicalResult, CompanionFile, ImportedRun, ImportOptions } from "./importer.js";
import { lmEvalImporter as importer } from "./lm-eval.js";

const DATA = fileURLToPath(new URL("../../../../shared/data/", import.meta.url));
const LM_EVAL = path.join(DATA, "harness/lm-eval");
const FIXTURES = fileURLToPath(new URL("../../../test/fixtures/import/lm-eval/", import.meta.url));
const GSM = "v0.4_results/MagicPiG_Hashllama3_gsm_K4L25_results.json";
const MMLU = "v0.4_results/MagicPiG_Hashllama3_mmlu_K4L25_results.json";
const MMLU_13B = "v0.4_results/MagicPiG_Llama-2-13b-chat-hf-0.1-0-oracle-MMLU_ALL_results.json";
const BLOOM = "v0.3_results/bloom-7b1_gsm8k_8-shot.json";
const COMMON_SENSE = "v0.3_results/llama-7B_common_sense_reasoning_0-shot.json";
const CPU = "v0_testdata/cpu_regression_expected.json";
const CPU_GROUP = "v0_testdata/cpu_group_regression_expected.json";
const SAMPLES_NAME = "samples_gsm8k_2024-06-03T02-25-08.jsonl";
const LLAMA3_K4L25 = "meta-llama/Meta-Llama-3-8B-Instruct (K=4,L=25,random_sparse=0.2,search=True,sparse=0.1,vsparse=0.5,window_size=16)";

function sample(name: string): string {
  return readFileSync(path.join(LM_EVAL, name), "utf8");
}

function samplesFile(): CompanionFile {
  return { name: SAMPLES_NAME, text: readFileSync(path.join(FIXTURES, SAMPLES_NAME), "utf8") };
}

function parse(name: string, options: ImportOptions = {}, text = sample(name), companions: CompanionFile[] = []): ImportedRun[] {
  return importer.parse(name, text, options, companions);
}

function run(runs: ImportedRun[], dataset: string): CanonicalResult {
  const found = runs.find((r) => r.result.dataset_version === dataset);
  expect(found, `a run of ${dataset}`).toBeDefined();
  return found!.result;
}

/** The problems parse reports for `text`; fails the test when it does not throw. */
function rejection(text: string, file = "results.json", companions: CompanionFile[] = []): InputProblem[] {
  let thrown: unknown;
  try {
    importer.parse(file, text, {}, companions);
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(InvalidInputError);
  const problems = (thrown as { problems: InputProblem[] }).problems;
  expect(problems.length).toBeGreaterThan(0);
  return problems;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? filesUnder(file) : [file];
  });
}

const REAL_RESULTS = filesUnder(LM_EVAL).filter((f) => f.endsWith(".json")).map((f) => path.relative(LM_EVAL, f));

describe("lm-eval detect", () => {
  it.each(REAL_RESULTS)("claims the real results %s", (name) => {
    expect(importer.detect(sample(name), name)).toBe(true);
  });

  it("claims the per-sample log and calls it a companion; a results file is none", () => {
    const { name, text } = samplesFile();
    expect(importer.detect(text, name)).toBe(true);
    expect(importer.isCompanion!(text, name)).toBe(true);
    expect(importer.isCompanion!(sample(GSM), GSM)).toBe(false);
    expect(importer.isCompanion!(sample("v0_testdata/boolq-v1-res.json"), "boolq-v1-res.json")).toBe(false);
  });

  it("claims no file of the other formats (harness outputs, histories, printed tables)", () => {
    const others = [...filesUnder(path.join(DATA, "harness")).filter((f) => !f.startsWith(LM_EVAL)), ...filesUnder(path.join(DATA, "histories")),
      ...filesUnder(path.join(LM_EVAL, "stdout_tables"))];
    expect(others.length).toBeGreaterThan(40);
    const claimed = others.filter((file) => importer.detect(readFileSync(file, "utf8"), file));
    expect(claimed).toEqual([]);
  });

  it("claims neither benchledger's {results: [...]} nor a promptfoo summary", () => {
    expect(importer.detect(JSON.stringify({ results: [{ model_version: "m", dataset_version: "d", metrics: { f1: 1 } }] }), "r.json")).toBe(false);
    expect(importer.detect(JSON.stringify({ results: { version: 3, prompts: [], results: [] }, config: {} }), "p.json")).toBe(false);
    expect(importer.detect("{\"results\": {\"gsm8k\": {\"acc\": 0.5}}}", "no-markers.json")).toBe(false);
  });

  it("claims a truncated results file by its keys", () => {
    const text = sample(GSM);
    expect(importer.detect(text.slice(0, text.indexOf("\"doc_to_text\"")), GSM)).toBe(true);
  });
});

describe("lm-eval v0.4 results", () => {
  it("makes one run per task, the task (with its version) as dataset and n-shot as prompt", () => {
    const runs = parse(GSM);
    expect(runs.map((r) => r.position)).toEqual(["$.results.gsm8k_cot", "$.results.gsm8k", "$.results.coqa"]);
    const gsm8k = run(runs, "gsm8k@3.0");
    expect(gsm8k).toMatchObject({ model_version: LLAMA3_K4L25, model_provider: "xhf", prompt_version: "5-shot", created_at: "2024-06-03T02:25:08.176Z" });
    expect(run(runs, "gsm8k_cot@3.0").prompt_version).toBe("8-shot");
    expect(run(runs, "coqa@3.0").prompt_version).toBe("0-shot");
  });

  it("keeps filtered metric names and their stderrs side by side", () => {
    const gsm8k = run(parse(GSM), "gsm8k@3.0");
    expect(gsm8k.metrics).toEqual({
      "exact_match,strict-match": 0.7505686125852918,
      "exact_match_stderr,strict-match": 0.011918265218445521,
      "exact_match,flexible-extract": 0.7513267626990144,
      "exact_match_stderr,flexible-extract": 0.01190614722287996,
    });
    const coqa = run(parse(GSM), "coqa@3.0");
    expect(coqa.metrics).toEqual({ em: 0.611, em_stderr: 0.01923359549654673, f1: 0.7780665512870424, f1_stderr: 0.013331262418959659 });
  });

  it("takes directions from the task configs' metric_list, never for a stderr", () => {
    const gsm8k = run(parse(GSM), "gsm8k@3.0");
    expect(gsm8k.directions).toEqual({ "exact_match,strict-match": "higher", "exact_match,flexible-extract": "higher" });
    expect(gsm8k.units).toBeUndefined();
  });

  it("tags lm-eval's own commit instead of taking it as the run's commit", () => {
    const gsm8k = run(parse(GSM), "gsm8k@3.0");
    expect(gsm8k.commit_sha).toBeUndefined();
    expect(gsm8k.tags).toEqual(["lm-eval", "lm_eval_commit=b44387b", "task_version=3.0"]);
  });

  it("makes runs of groups too, tagged lm-eval-group", () => {
    const runs = parse(MMLU);
    expect(runs).toHaveLength(62);
    const groups = runs.filter((r) => r.result.tags?.includes("lm-eval-group")).map((r) => r.result.dataset_version);
    expect(groups.sort()).toEqual(["mmlu_flan_cot_fewshot", "mmlu_flan_cot_fewshot_humanities", "mmlu_flan_cot_fewshot_other",
      "mmlu_flan_cot_fewshot_social_sciences", "mmlu_flan_cot_fewshot_stem"]);
    expect(run(runs, "mmlu_flan_cot_fewshot").metrics).toEqual({ "exact_match,get-answer": 0.6152841280209014, "exact_match_stderr,get-answer": 0.011661845611687803 });
    // No config of its own: the direction all its subtasks' configs give.
    expect(run(runs, "mmlu_flan_cot_fewshot_stem").directions).toEqual({ "exact_match,get-answer": "higher" });
    expect(run(runs, "mmlu_flan_cot_fewshot").directions).toEqual({ "exact_match,get-answer": "higher" });
    const anatomy = run(runs, "mmlu_flan_cot_fewshot_anatomy@0.0");
    expect(anatomy.metrics["exact_match,get-answer"]).toBe(0.5714285714285714);
    expect(anatomy.tags).not.toContain("lm-eval-group");
    expect(anatomy.created_at).toBe("2024-06-03T02:26:06.360Z");
  });

  it("tells two differently configured models apart by their model_args", () => {
    const runs = parse(MMLU_13B);
    expect(runs[0]!.result.model_version).toBe("meta-llama/Llama-2-13b-chat-hf (K=4,L=25,oracle=True,random_sparse=0,search=True,sparse=0.1,vsparse=1.0,window_size=16)");
    expect(runs[0]!.result.tags).toContain("lm_eval_commit=9c80c11");
    expect(runs[0]!.result.created_at).toBe("2024-06-06T06:57:07.154Z");
  });
});

describe("lm-eval newest v0.4 layout (higher_is_better, n-samples, stderr N/A)", () => {
  it("leaves out stderrs of N/A and the non-metric name and sample_len", () => {
    const arcEasy = run(parse(CPU), "arc_easy@1.0");
    expect(arcEasy.metrics).toEqual({ acc: 0.3, acc_norm: 0.1 });
    expect(arcEasy.tags).toEqual(["lm-eval", "task_version=1.0", "n_samples=10"]);
  });

  it("takes directions from higher_is_better", () => {
    const runs = parse(CPU);
    expect(run(runs, "lambada_openai@1.0").directions).toEqual({ acc: "higher", perplexity: "lower" });
    expect(run(runs, "lambada_openai@1.0").metrics.perplexity).toBe(605.5452047779999);
    expect(run(runs, "wikitext@2.0").directions).toEqual({ bits_per_byte: "lower", byte_perplexity: "lower", word_perplexity: "lower" });
  });

  it("names no model when the file names none, and takes --model", () => {
    expect(parse(CPU)[0]!.result.model_version).toBeUndefined();
    expect(parse(CPU, { model: "gpt2" })[0]!.result.model_version).toBe("gpt2");
  });

  it("imports a group listed under results and groups once, with a string version", () => {
    const runs = parse(CPU_GROUP);
    expect(runs.map((r) => r.result.dataset_version)).toEqual(["arc_challenge@1.0", "arc_easy@1.0", "regression_arc@1.0"]);
    const group = run(runs, "regression_arc@1.0");
    expect(group.tags).toEqual(["lm-eval", "task_version=1.0", "lm-eval-group"]);
    expect(group.metrics).toEqual({ acc: 0.15, acc_norm: 0.05 });
    expect(run(runs, "arc_challenge@1.0").metrics).toEqual({ acc: 0, acc_norm: 0 });
  });
});

describe("lm-eval v0.3 and oldest results", () => {
  it("reads bare metric names, the global num_fewshot and the model without non-semantic args", () => {
    const [only, ...rest] = parse(BLOOM);
    expect(rest).toEqual([]);
    expect(only!.result).toEqual({
      model_version: "bigscience/bloom-7b1",
      model_provider: "hf-causal-experimental",
      dataset_version: "gsm8k@0",
      prompt_version: "8-shot",
      metrics: { acc: 0.018953752843062926, acc_stderr: 0.0037560783410314704 },
      tags: ["lm-eval", "task_version=0"],
    });
  });

  it("keeps a local model path and metrics without stderr", () => {
    const runs = parse(COMMON_SENSE);
    expect(runs).toHaveLength(12);
    expect(run(runs, "boolq@1").metrics).toEqual({ acc: 0.7305810397553517, acc_stderr: 0.007759626474907443 });
    expect(run(runs, "mc_taco@0")).toMatchObject({ metrics: { em: 0.11261261261261261, f1: 0.4827075067316446 }, prompt_version: "0-shot",
      model_version: "/gaueko1/hizkuntza-ereduak/LLaMA/lm/huggingface/7B" });
  });

  it("reads the oldest {results, versions}: no model, no prompt", () => {
    const [arc] = parse("v0_testdata/arc_challenge-v0-res.json");
    expect(arc!.result).toEqual({
      dataset_version: "arc_challenge@0",
      metrics: { acc: 0.24488054607508533, acc_norm: 0.2440273037542662, acc_norm_stderr: 0.012551447627856257, acc_stderr: 0.012566273985131354 },
      tags: ["lm-eval", "task_version=0"],
    });
    expect(parse("v0_testdata/boolq-v1-res.json")[0]!.result.dataset_version).toBe("boolq@1");
  });

  it.each(REAL_RESULTS)("gives valid canonical results for %s", (name) => {
    for (const { result } of parse(name, { model: "m" })) expect(resultSchema.safeParse(result).error).toBeUndefined();
  });
});

describe("lm-eval model_args", () => {
  const withArgs = (modelArgs: unknown) => {
    const doc = JSON.parse(sample(BLOOM)) as { config: Record<string, unknown> };
    doc.config.model_args = modelArgs;
    return parse(BLOOM, {}, JSON.stringify(doc))[0]!.result.model_version;
  };

  it("appends the revision and sorted semantic args; drops device, batch and loading args", () => {
    expect(withArgs("pretrained=EleutherAI/pythia-160m,revision=step83000,dtype=float16,device_map=auto,trust_remote_code=True,max_length=2048"))
      .toBe("EleutherAI/pythia-160m@step83000 (dtype=float16,max_length=2048)");
    expect(withArgs("model=gpt-4o-mini,base_url=http://localhost:8000/v1,num_concurrent=8")).toBe("gpt-4o-mini");
  });

  it("reads model_args given as an object (simple_evaluate from Python)", () => {
    expect(withArgs({ pretrained: "gpt2", dtype: "float32", batch_size: 8 })).toBe("gpt2 (dtype=float32)");
  });

  it("keeps a long description within 200 characters, distinct per configuration", () => {
    const long = (n: number) => withArgs(`pretrained=org/model,${Array.from({ length: 30 }, (_, i) => `arg${i}=${n}`).join(",")}`)!;
    expect(long(1).length).toBeLessThanOrEqual(200);
    expect(long(1)).toMatch(/^org\/model \(arg0=1,/);
    expect(long(1)).not.toBe(long(2));
  });

  it("lets --model, --dataset, --prompt and --env win over the file", () => {
    const [only] = parse(BLOOM, { model: "bloom", dataset: "gsm8k-test", prompt: "p1", environment: "ci" });
    expect(only!.result).toMatchObject({ model_version: "bloom", dataset_version: "gsm8k-test", prompt_version: "p1", environment: "ci" });
  });

  it("reads the duration (a string in newer files) and the run's limit", () => {
    const doc = JSON.parse(sample(BLOOM)) as Record<string, unknown>;
    Object.assign(doc, { total_evaluation_time_seconds: "812.5", config: { ...(doc.config as object), limit: 10 } });
    const [only] = parse(BLOOM, {}, JSON.stringify(doc));
    expect(only!.result.duration_seconds).toBe(812.5);
    expect(only!.result.tags).toContain("limit=10");
  });
});

describe("lm-eval per-sample logs as examples", () => {
  it("attaches samples_gsm8k_<time>.jsonl to the gsm8k run, one example per document and filter", () => {
    const runs = parse(GSM, {}, sample(GSM), [samplesFile()]);
    const gsm8k = run(runs, "gsm8k@3.0");
    expect(gsm8k.examples?.map((e) => [e.id, e.correct, e.prediction])).toEqual([
      ["0:strict-match", true, "18"], ["1:strict-match", false, "[invalid]"], ["2:strict-match", false, "120000"],
      ["0:flexible-extract", true, "18"], ["1:flexible-extract", true, "3"], ["2:flexible-extract", false, "120000"],
    ]);
    expect(gsm8k.examples?.[0]?.label).toBe("Janet sells 16 - 3 - 4 = <<16-3-4=9>>9 duck eggs a day.\nShe makes 9 * 2 = $<<9*2=18>>18 every day at the farmer’s market.\n#### 18");
    expect(run(runs, "gsm8k_cot@3.0").examples).toBeUndefined();
    expect(resultSchema.safeParse(gsm8k).error).toBeUndefined();
  });

  it("assigns filters by order of the task's filter_list for older logs without a filter key", () => {
    const old = samplesFile().text.trim().split("\n").map((line) => {
      const { filter: _f, metrics: _m, ...rest } = JSON.parse(line) as Record<string, unknown>;
      return JSON.stringify(rest);
    }).join("\n");
    const gsm8k = run(parse(GSM, {}, sample(GSM), [{ name: SAMPLES_NAME, text: old }]), "gsm8k@3.0");
    expect(gsm8k.examples?.map((e) => e.id)).toEqual(["0:strict-match", "1:strict-match", "2:strict-match", "0:flexible-extract", "1:flexible-extract", "2:flexible-extract"]);
    expect(gsm8k.examples?.[4]?.correct).toBe(true);
  });

  it("reads samples embedded in the results JSON; a non-binary first metric becomes the score", () => {
    // Spliced into the text: JSON.stringify would write the version 3.0 as 3.
    const samples = { coqa: [{ doc_id: 7, target: ["Wizard", "a wizard"], filtered_resps: ["wizard"], metrics: ["f1", "em"], f1: 0.5, em: 0.0 }] };
    const text = sample(GSM).replace(/\}\s*$/, `, "samples": ${JSON.stringify(samples)}}`);
    const coqa = run(parse(GSM, {}, text), "coqa@3.0");
    expect(coqa.examples).toEqual([{ id: "7", score: 0.5, label: "[\"Wizard\",\"a wizard\"]", prediction: "wizard" }]);
  });

  it("truncates long predictions to 2,000 characters", () => {
    const line = JSON.stringify({ doc_id: 0, target: "1", filtered_resps: ["x".repeat(5000)], exact_match: 1 });
    const gsm8k = run(parse(GSM, {}, sample(GSM), [{ name: SAMPLES_NAME, text: line }]), "gsm8k@3.0");
    expect(gsm8k.examples?.[0]?.prediction).toHaveLength(2000);
  });

  it("names the samples file and line of a truncated sample", () => {
    const text = samplesFile().text;
    const cut = text.slice(0, text.indexOf("\n", text.indexOf("\n") + 1) + 40);
    const problems = rejection(sample(GSM), GSM, [{ name: SAMPLES_NAME, text: cut }]);
    expect(problems).toEqual([{ file: SAMPLES_NAME, path: expect.stringMatching(/^line 3, column \d+$/), message: expect.stringContaining("not valid JSON") }]);
  });

  it("asks which samples file to use when several of one task do not match the results file", () => {
    const other = { name: "samples_gsm8k_2024-07-01T10-00-00.jsonl", text: samplesFile().text };
    const problems = rejection(sample(GSM), GSM, [samplesFile(), other]);
    expect(problems[0]).toMatchObject({ file: GSM, path: "$.results.gsm8k", message: expect.stringContaining("several samples files") });
    const runs = parse("out/results_2024-06-03T02-25-08.json", {}, sample(GSM), [samplesFile(), other]);
    expect(run(runs, "gsm8k@3.0").examples).toHaveLength(6);
  });
});

describe("lm-eval malformed files", () => {
  it("names the line and column of a truncated file", () => {
    const text = sample(GSM);
    const problems = rejection(text.slice(0, text.indexOf("\"versions\"") + 30), GSM);
    expect(problems).toEqual([{ file: GSM, path: "$", message: expect.stringMatching(/^not valid JSON: .* at line \d+, column \d+$/) }]);
  });

  it("names the JSON path of a string where a metric must be", () => {
    const text = sample(GSM).replace("\"em,none\": 0.611,", "\"em,none\": \"0.611\",");
    expect(rejection(text, GSM)).toEqual([{ file: GSM, path: "$.results.coqa[\"em,none\"]", message: expect.stringContaining("got the string \"0.611\"") }]);
  });

  it("names a task that is not an object, a bad date and a bad duration together", () => {
    const doc = JSON.parse(sample(BLOOM)) as Record<string, unknown>;
    Object.assign(doc, { results: { gsm8k: 0.5 }, date: "yesterday", total_evaluation_time_seconds: "long" });
    expect(rejection(JSON.stringify(doc), BLOOM).map((p) => p.path)).toEqual(["$.date", "$.total_evaluation_time_seconds", "$.results.gsm8k"]);
  });

  it("says a file with no tasks holds no runs", () => {
    const doc = { ...(JSON.parse(sample(BLOOM)) as object), results: {} };
    expect(rejection(JSON.stringify(doc), BLOOM)).toEqual([{ file: BLOOM, path: "$.results", message: expect.stringContaining("holds no runs") }]);
  });

  it("says a task whose every value is N/A holds no metric", () => {
    const doc = { results: { arc: { "acc,none": "N/A", alias: "arc" } }, versions: { arc: 1 } };
    expect(rejection(JSON.stringify(doc))[0]).toMatchObject({ path: "$.results.arc", message: expect.stringContaining("no numeric metric") });
  });

  it.each([
    ["results not an object", { results: [1, 2], versions: {} }],
    ["odd side tables", { results: { t: { acc: 1 } }, versions: "x", "n-shot": [], config: 5, configs: { t: 3 }, higher_is_better: { t: null }, groups: 4 }],
    ["samples not an object", { results: { t: { acc: 1 } }, versions: {}, samples: "x" }],
    ["a sample without doc_id", { results: { t: { acc: 1 } }, versions: {}, samples: { t: [{ target: 1 }, 5] } }],
    ["a document, not an object", [1]],
  ])("reports %s as an invalid file, never a TypeError", (_name, doc) => {
    rejection(JSON.stringify(doc));
  });

  it.each([
    ["malformed-truncated.json", "$", "line 39, column 27"],
    ["malformed-wrong-type.json", "$.results.gsm8k[\"exact_match,strict-match\"]", "got the string \"0.7506\""],
    ["malformed-empty.json", "$.results", "holds no runs"],
  ])("fixture %s is detected and rejected at %s", (name, position, message) => {
    const text = readFileSync(path.join(FIXTURES, name), "utf8");
    expect(importer.detect(text, name)).toBe(true);
    const problems = rejection(text, name);
    expect(problems[0]).toMatchObject({ file: name, path: position, message: expect.stringContaining(message) });
  });
});
