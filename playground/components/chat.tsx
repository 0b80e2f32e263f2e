'use client';

import { useChat } from '@ai-sdk/react';
import { DefaultChatTransport } from 'ai';
import { type FormEvent, useState } from 'react';
import { MessageParts } from './message-parts';

const transport = new DefaultChatTransport({ api: '/api/chat' });

export function Chat() {
  const { messages, sendMessage, status, error, stop } = useChat({ transport });
  const [input, setInput] = useState('What is the weather in Paris?');
  const [thinking, setThinking] = useState(true);
  const busy = status === 'submitted' || status === 'streaming';

  function submit(event: FormEvent) {
    event.preventDefault();
    const text = input.trim();
    if (!text || busy) return;
    sendMessage({ text }, { body: { thinking } });
    setInput('');
  }

  return (
    <div>
      <div className="messages">
        {messages.map((message) => (
          <div
            key={message.id}
            className={`message message-${message.role}`}
            data-testid={`message-${message.role}`}
          >
            <div className="role">{message.role}</div>
            <MessageParts parts={message.parts} />
          </div>
        ))}
      </div>
      {error && (
        <p className="error" data-testid="chat-error">
          {error.message}
        </p>
      )}
      <p className="status" data-testid="chat-status" data-status={status}>
        {status === 'submitted' ? 'Waiting for the first token…' : status === 'streaming' ? 'Streaming…' : status}
      </p>
      <form className="form" onSubmit={submit} data-testid="chat-form">
        <input
          type="text"
          value={input}
          onChange={(event) => setInput(event.target.value)}
          placeholder="Ask something…"
          aria-label="Message"
          data-testid="chat-input"
        />
        <label>
          <input type="checkbox" checked={thinking} onChange={(event) => setThinking(event.target.checked)} />{' '}
          thinking
        </label>
        {busy ? (
          <button type="button" onClick={() => stop()}>
            Stop
          </button>
        ) : (
          <button type="submit" data-testid="chat-send">
            Send
          </button>
        )}
      </form>
    </div>
  );
}
