// A support session through the TypeScript MCP SDK client, reported as one JSON object.
//
//   node ts_client.mjs stdio <command> [args...]
//   node ts_client.mjs http <url of the /mcp endpoint>
//
// It lists the tools, reads an order by tool and as a resource, and refunds part of it.
// The client declares elicitation and accepts every question, so the server may ask
// instead of returning a confirmation token; either way the refund is made once.
// tests/test_node_clients.py runs this and makes the assertions; this script only
// records what a TypeScript host would see, and exits non-zero if a step throws.

import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { ElicitRequestSchema } from "@modelcontextprotocol/sdk/types.js";

const [kind, target, ...rest] = process.argv.slice(2);
const transport =
  kind === "stdio"
    ? new StdioClientTransport({ command: target, args: rest, env: process.env, stderr: "inherit" })
    : new StreamableHTTPClientTransport(new URL(target));

const client = new Client(
  { name: "crevio-ts-client-test", version: "0.0.0" },
  { capabilities: { elicitation: { form: {} } } },
);
const elicitations = [];
client.setRequestHandler(ElicitRequestSchema, async (request) => {
  elicitations.push(request.params.message);
  return { action: "accept", content: { confirm: true } };
});

const text = (result) => result.content.filter((c) => c.type === "text").map((c) => c.text).join("\n");
const call = async (name, args) => {
  const result = await client.callTool({ name, arguments: args });
  return { isError: result.isError === true, text: text(result), structured: result.structuredContent ?? null };
};

await client.connect(transport);

const report = { server: client.getServerVersion(), elicitations };
try {
  report.tools = (await client.listTools()).tools.map((tool) => tool.name);
  const orders = await call("list_orders", { status: "succeeded", limit: 10 });
  const order = orders.structured.data.find((o) => o.amount_refunded === 0);
  report.order = order.id;
  report.get_order = await call("get_order", { order_id: order.id });
  report.resource = (await client.readResource({ uri: `crevio://orders/${order.id}` })).contents;
  report.prompts = (await client.listPrompts()).prompts;

  const refund = { order: order.id, amount: 500, reason: "requested_by_customer" };
  const countRefunds = async () => (await call("list_refunds", { order: order.id })).structured.data.length;
  report.refunds_before = await countRefunds();
  report.refund_calls = [await call("create_refund", refund)];
  const token = report.refund_calls[0].structured?.confirmation_token;
  if (token) {
    // No way to ask on this connection: the host shows the preview, the user says yes.
    report.refund_calls.push(await call("create_refund", { ...refund, confirmation_token: token }));
  }
  report.refunds_after = await countRefunds();
} finally {
  await client.close();
}
process.stdout.write(JSON.stringify(report) + "\n");
