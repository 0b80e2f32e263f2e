'use client';

import { useChat } from '@ai-sdk/react';
import { DefaultChatTransport, type FileUIPart } from 'ai';
import { type DragEvent, type FormEvent, useState } from 'react';
import { MessageParts } from './message-parts';

/** A picture as the file part useChat sends (a data URL; the provider sends it to vLLM as image_url). */
function toFilePart(file: File): Promise<FileUIPart> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve({ type: 'file', mediaType: file.type, filename: file.name, url: String(reader.result) });
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

const transport = new DefaultChatTransport({ api: '/api/chat' });

export function Chat() {
  const { messages, sendMessage, status, error, stop } = useChat({ transport });
  const [input, setInput] = useState('What is the weather in Paris?');
  const [thinking, setThinking] = useState(true);
  const [pictures, setPictures] = useState<FileUIPart[]>([]);
  const [dragging, setDragging] = useState(false);
  const busy = status === 'submitted' || status === 'streaming';

  async function attach(files: FileList | null) {
    const images = [...(files ?? [])].filter((file) => file.type.startsWith('image/'));
    const parts = await Promise.all(images.map(toFilePart));
    setPictures((current) => [...current, ...parts]);
  }

  function drop(event: DragEvent) {
    event.preventDefault();
    setDragging(false);
    void attach(event.dataTransfer.files);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const text = input.trim();
    if (!text || busy) return;
    sendMessage({ text, files: pictures }, { body: { thinking } });
    setInput('');
    setPictures([]);
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
      {pictures.length > 0 && (
        <div className="attachments">
          {pictures.map((picture, index) => (
            // biome-ignore lint/performance/noImgElement: data URLs of dropped pictures, not optimizable assets
            <img key={`${picture.filename}-${index}`} src={picture.url} alt={picture.filename} data-testid="attachment" />
          ))}
        </div>
      )}
      <form
        className={`form${dragging ? ' dragging' : ''}`}
        onSubmit={submit}
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={drop}
        data-testid="chat-form"
      >
        <input
          type="text"
          value={input}
          onChange={(event) => setInput(event.target.value)}
          placeholder="Ask something… (drop a picture here)"
          aria-label="Message"
          data-testid="chat-input"
        />
        <label className="attach" title="Attach pictures (or drop them on the message box)">
          Picture…
          <input
            type="file"
            accept="image/*"
            multiple
            hidden
            onChange={(event) => void attach(event.target.files)}
            data-testid="chat-file"
          />
        </label>
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
