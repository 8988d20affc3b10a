// npm run bench: measured later in this file.
console.log('bench: not yet');
