import { getToolName, isToolUIPart, type UIMessage } from 'ai';

/** Renders a message's parts: text, collapsible reasoning, and tool calls with their input and output. */
export function MessageParts({ parts }: { parts: UIMessage['parts'] }) {
  return (
    <>
      {parts.map((part, index) => {
        const key = `${part.type}-${index}`;
        if (part.type === 'text') {
          return (
            <div key={key} className="text" data-testid="part-text">
              {part.text}
            </div>
          );
        }
        if (part.type === 'reasoning') {
          return (
            <details key={key} className="reasoning" data-testid="part-reasoning" data-state={part.state}>
              <summary>{part.state === 'streaming' ? 'Thinking…' : 'Reasoning'}</summary>
              <div className="text">{part.text}</div>
            </details>
          );
        }
        if (isToolUIPart(part)) {
          const name = getToolName(part);
          return (
            <div key={key} className="tool" data-testid={`tool-${name}`} data-state={part.state}>
              <div>
                tool <strong>{name}</strong> <span className="status">{part.state}</span>
              </div>
              {part.input !== undefined && <pre data-testid="tool-input">{JSON.stringify(part.input)}</pre>}
              {part.state === 'output-available' && (
                <pre data-testid="tool-output">→ {JSON.stringify(part.output)}</pre>
              )}
              {part.state === 'output-error' && <pre className="error">{part.errorText}</pre>}
            </div>
          );
        }
        if (part.type === 'file' && part.mediaType.startsWith('image/')) {
          // biome-ignore lint/performance/noImgElement: the user's picture, a data URL
          return <img key={key} className="picture" src={part.url} alt={part.filename ?? 'picture'} data-testid="part-file" />;
        }
        return null; // step boundaries, sources, other files: not used here
      })}
    </>
  );
}
