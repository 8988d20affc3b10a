// The error boundary: a crash while rendering the UI is shown inside the UI (message and the
// first stack lines) instead of killing the app; q still quits cleanly and r retries.

import { Box, Text, useInput } from 'ink';
import { Component, type ErrorInfo, type ReactNode } from 'react';

export interface ErrorBoundaryProps { onQuit: () => void; children?: ReactNode }

interface State { error: Error | undefined }

export class ErrorBoundary extends Component<ErrorBoundaryProps, State> {
  override state: State = { error: undefined };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(_error: Error, _info: ErrorInfo): void { /* shown by render(); nothing to log to: the UI owns the terminal */ }

  override render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    return <Crash error={error} onQuit={this.props.onQuit} onRetry={() => this.setState({ error: undefined })} />;
  }
}

function Crash({ error, onQuit, onRetry }: { error: Error; onQuit: () => void; onRetry: () => void }): ReactNode {
  useInput((input, key) => {
    if (input === 'q' || (key.ctrl && input === 'c')) onQuit();
    else if (input === 'r') onRetry();
  });
  const stack = (error.stack ?? '').split('\n').slice(1, 7).map((l) => l.trim());
  return (
    <Box flexDirection="column">
      <Text bold>The milklab UI crashed (the machine is still running):</Text>
      <Text>  {error.message}</Text>
      {stack.map((l, i) => <Text key={i} dimColor>    {l}</Text>)}
      <Text> </Text>
      <Text>Press r to retry, q to quit.</Text>
    </Box>
  );
}
