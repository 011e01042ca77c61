import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A stand-in for a Slack incoming webhook on loopback that refuses what Slack refuses: a
 * request that is not a JSON POST, a message without fallback text, and Block Kit blocks
 * outside the documented limits (header: plain_text up to 150 characters; section: text up
 * to 3,000; context: 1 to 10 text elements; actions: buttons with plain_text up to 75
 * characters and a URL up to 3,000). Slack answers such requests 400 `invalid_blocks`.
 */
export async function startFakeSlack() {
  const messages: { body: any; problems: string[] }[] = [];
  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk) => (raw += chunk));
    req.on("end", () => {
      const problems: string[] = [];
      if (req.method !== "POST") problems.push(`method ${req.method}`);
      if (!String(req.headers["content-type"]).startsWith("application/json")) problems.push("content-type");
      let body: any = null;
      try {
        body = JSON.parse(raw);
      } catch {
        problems.push("body is not JSON");
      }
      if (body) problems.push(...blockProblems(body));
      messages.push({ body, problems });
      if (problems.length > 0) res.writeHead(400, { "content-type": "text/plain" }).end("invalid_blocks");
      else res.writeHead(200, { "content-type": "text/plain" }).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/services/T000/B000/XXXX`,
    messages,
    accepted: () => messages.filter((m) => m.problems.length === 0).map((m) => m.body),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function textProblems(where: string, text: any, types: string[], max: number): string[] {
  if (!text || !types.includes(text.type)) return [`${where}: text.type must be ${types.join(" or ")}`];
  if (typeof text.text !== "string" || text.text.length === 0) return [`${where}: text.text must be a non-empty string`];
  return text.text.length > max ? [`${where}: text longer than ${max}`] : [];
}

export function blockProblems(body: any): string[] {
  const problems: string[] = [];
  if (typeof body.text !== "string" || body.text.length === 0) problems.push("text (the notification fallback) is missing");
  if (!Array.isArray(body.blocks)) return [...problems, "blocks must be an array"];
  if (body.blocks.length > 50) problems.push("more than 50 blocks");
  for (const [i, block] of body.blocks.entries()) {
    const at = `blocks[${i}] (${block.type})`;
    if (block.type === "header") problems.push(...textProblems(at, block.text, ["plain_text"], 150));
    else if (block.type === "section") problems.push(...textProblems(at, block.text, ["mrkdwn", "plain_text"], 3000));
    else if (block.type === "context") {
      if (!Array.isArray(block.elements) || block.elements.length < 1 || block.elements.length > 10) problems.push(`${at}: 1 to 10 elements`);
      else for (const [j, e] of block.elements.entries()) problems.push(...textProblems(`${at}.elements[${j}]`, e, ["mrkdwn", "plain_text"], 3000));
    } else if (block.type === "actions") {
      if (!Array.isArray(block.elements) || block.elements.length < 1 || block.elements.length > 25) problems.push(`${at}: 1 to 25 elements`);
      else for (const [j, e] of block.elements.entries()) {
        if (e.type !== "button") problems.push(`${at}.elements[${j}]: not a button`);
        problems.push(...textProblems(`${at}.elements[${j}]`, e.text, ["plain_text"], 75));
        if (typeof e.url !== "string" || e.url.length > 3000 || !/^https?:\/\//.test(e.url)) problems.push(`${at}.elements[${j}]: url`);
      }
    } else problems.push(`${at}: a block type this message should not use`);
  }
  return problems;
}
