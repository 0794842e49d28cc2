export const openapi = { openapi: "3.1.0", info: { title: "qredge", version: "0.1.0" }, paths: {} };
