import { Chat } from '@/components/chat';

export default function ChatPage() {
  return (
    <>
      <h1>Chat</h1>
      <p className="status">
        <code>useChat</code> → <code>/api/chat</code> (<code>streamText</code> with a <code>getWeather</code> tool
        and reasoning). Ask about the weather somewhere, or drop a picture on the message box and ask about it
        (sent to the vision model).
      </p>
      <Chat />
    </>
  );
}
