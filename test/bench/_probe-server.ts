import { createTestApp } from '@egov/core/testing';
import { listen } from '@egov/core';
const app = await createTestApp();
const server = await listen(app, 4777, '127.0.0.1');
const token = await app.login('citizen@demo.egov.vn');
console.log('READY', server.url, token);
