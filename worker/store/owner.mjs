// SPDX-License-Identifier: MIT
// Every object belongs to a workspace and a mode (live or test keys): every query on them binds
// both (docs/storage.md). `owner(auth)` is that pair, as bound.
export const owner = (auth) => [auth.workspaceId, auth.test ? 1 : 0];
